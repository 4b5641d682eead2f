case "$ENCRYPTION" in
  none|'') echo false ;;
  *) echo true ;;
esac
