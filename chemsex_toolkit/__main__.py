from chemsex_toolkit.cli import main

main()
