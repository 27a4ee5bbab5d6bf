raise SystemExit("imported from the content folder")
