from rcf.cli import main

main()
