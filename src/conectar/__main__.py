from conectar.cli import main

main()
