# The Debian root filesystem of the base images, written as a tar stream to stdout:
# mmdebstrap's "essential" variant (no apt, no perl), merged /usr without the usrmerge
# package, no documentation or locales, no package lists. Sourced by stack/images.sh; its
# content is part of the base images' tag, so changing it rebuilds them.
# shellcheck shell=bash

# The variant is "essential" (the tasks image's bases) unless a third argument names another
# ("apt", for the compose stack's service images, which install packages with apt-get).
debian_rootfs_tar() {
  local suite="$1" include="$2" variant="${3:-essential}" mirror="${AQI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  local security="${AQI_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}" mode=root
  [[ $EUID -eq 0 ]] || mode=unshare
  mmdebstrap --quiet --mode="$mode" --variant="$variant" --format=tar --include="$include" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
    "$suite" - \
    "deb $mirror $suite main" "deb $mirror $suite-updates main" "deb $security $suite-security main"
}
