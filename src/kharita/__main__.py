from kharita.cli import main

main()
