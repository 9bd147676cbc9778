#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests, Java for the Nu HTML Checker.
set -euo pipefail
PACKAGES=(chromium chromium-driver default-jre-headless nodejs npm fonts-dejavu-core)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Java and Node may come from outside Debian's packages; accept them when they run.
command -v java >/dev/null && missing=("${missing[@]/default-jre-headless}")
command -v node >/dev/null && command -v npm >/dev/null && missing=("${missing[@]/nodejs}") && missing=("${missing[@]/npm}")
read -r -a missing <<<"${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
