#!/bin/sh
# Unpacks Debian's aarch64 OpenJDK 17 JRE, with the libraries it needs, into
# .cache/aarch64-root, where toolchains/qemu-aarch64-java/bin/java runs it under
# qemu-user. Nothing is installed system-wide for arm64: apt-get only downloads
# (installing the :arm64 JRE could displace the host's amd64 JDK). Needs root.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
root="$top/.cache/aarch64-root"
java="$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
[ -x "$java" ] && { echo "aarch64 JRE already in $root"; exit 0; }

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
apt-get update -qq
debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
chmod 755 "$debs" # apt-get download runs as _apt
(cd "$debs" && apt-get download -qq openjdk-17-jre-headless:arm64 libc6:arm64 \
	libgcc-s1:arm64 libstdc++6:arm64 zlib1g:arm64)
mkdir -p "$root"
for deb in "$debs"/*.deb; do
	dpkg -x "$deb" "$root"
done
QEMU_CPU=max "$top/toolchains/qemu-aarch64-java/bin/java" -version
