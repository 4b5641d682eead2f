file="$OBS_ETC"/prometheus/rules/exporters.yml
ls -l -- "$file" && "$OBS_BIN"/promtool check rules "$file"
