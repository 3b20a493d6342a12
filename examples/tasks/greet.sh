#!/bin/sh
# Bolt task: parameters arrive as PT_<name> environment variables (and as JSON on stdin).
greeting="${PT_greeting:-hello}"
# Escape backslashes and double quotes so any name stays valid JSON.
name=$(printf '%s' "$PT_name" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
printf '{"message": "%s, %s!"}\n' "$greeting" "$name"
