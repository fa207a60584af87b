#!/usr/bin/env bash
# Install the Debian packages the tests drive as real programs, if they are missing:
#   chromium + fonts-noto-cjk  headless-browser tests (Playwright with executablePath);
#                              the font also draws rich-menu images (as in the Dockerfile)
#   libcairo2                  CairoSVG rasterises the rich-menu icons (as in the Dockerfile)
#   dovecot-imapd              the disaster-mail bridge's IMAP test server on loopback
#   nginx + openssl            deploy/nginx.conf.example is started and probed (TLS versions)
# Idempotent and quiet when everything is there already.
set -eu

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ] || need+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2' || need+=(libcairo2)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then
  echo "System packages for the tests are installed."
  exit 0
fi

echo "Installing Debian packages for the tests: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "ERROR: ${need[*]} missing and not root (no sudo). Install them with apt-get." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# dovecot's and nginx's packages start a system instance where they can; the tests
# run their own on loopback ports.
command -v chromium >/dev/null 2>&1 || { echo "ERROR: chromium did not install" >&2; exit 1; }
echo "Installed: ${need[*]}"
