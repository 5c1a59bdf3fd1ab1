#!/bin/sh
# Fetch the LanguageTool server and English module, with their dependencies, from Maven Central
# into vendor/languagetool/ (git-ignored; about 165 jars, 245 MB). Run once, at install time
# (`make languagetool`); copydesk itself never downloads. Usage: tools/fetch-languagetool.sh [DEST]
set -eu
tools=$(cd "$(dirname "$0")" && pwd)
dest=${1:-"$(dirname "$tools")/vendor/languagetool"}

for tool in mvn java; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "fetch-languagetool: error: '$tool' is not installed; LanguageTool needs Java 17+ and" \
             "Maven to fetch it (e.g. apt-get install openjdk-17-jre-headless maven)" >&2
        exit 2
    fi
done

tmp="$dest.partial"
rm -rf "$tmp"
mkdir -p "$tmp"
if ! mvn --batch-mode -f "$tools/languagetool/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
    tail -n 30 "$tmp.log" >&2
    echo "fetch-languagetool: error: Maven failed (full log: $tmp.log)" >&2
    exit 1
fi
rm -f "$tmp.log"
if ! ls "$tmp"/languagetool-server-*.jar >/dev/null 2>&1; then
    echo "fetch-languagetool: error: Maven finished but copied no languagetool-server jar" >&2
    exit 1
fi
touch "$tmp/.complete"
rm -rf "$dest"
mv "$tmp" "$dest"
echo "fetch-languagetool: $(ls "$dest"/*.jar | wc -l) jars in $dest"
