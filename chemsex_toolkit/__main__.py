from chemsex_toolkit.cli import main

main(prog_name="chemsex-toolkit")
