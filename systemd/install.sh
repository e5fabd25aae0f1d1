#!/usr/bin/env bash
# Installs NSR as a systemd service. Idempotent: run it again to upgrade the jar and the unit;
# an existing /etc/nsr/recorder_setting.yaml is never overwritten.
#
#   sudo systemd/install.sh                      # install into / (creates user nsr, reloads systemd)
#   systemd/install.sh --root /tmp/stage --no-user   # stage into a dry root (packaging, tests)
#
# Options:
#   --root DIR       install under DIR instead of / (also taken from $DESTDIR). With a root other
#                    than /, no user is created, no ownership is changed and systemctl is not run.
#   --jar FILE       the jar to install (default: target/nsr.jar next to this script's project).
#                    The build's bash completion (nsr_completion) and man pages (man/*.1) are
#                    taken from the jar's directory, where 'mvn package' writes them.
#   --no-user        do not create the nsr user (and do not chown)
#   --no-systemctl   do not run 'systemctl daemon-reload'
# Exit codes: 0 done, 1 a step failed, 2 bad option or missing jar.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$here")"
root="${DESTDIR:-/}"
jar="$project/target/nsr.jar"
create_user=yes
run_systemctl=yes

die() { echo "install.sh: $1" >&2; exit "${2:-1}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || die "--root needs a directory" 2; root="$2"; shift 2 ;;
    --jar) [ $# -ge 2 ] || die "--jar needs a file" 2; jar="$2"; shift 2 ;;
    --no-user) create_user=no; shift ;;
    --no-systemctl) run_systemctl=no; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1'; expected --root DIR, --jar FILE, --no-user, --no-systemctl" 2 ;;
  esac
done

[ -f "$jar" ] || die "jar '$jar' not found; build it first with 'mvn -B package' or pass --jar FILE" 2
root="${root%/}"          # "/" becomes "", "/tmp/x/" becomes "/tmp/x"
live=no
[ -z "$root" ] && live=yes

if [ "$live" = no ]; then
  create_user=no          # users and ownership belong to the target system, not to a staging tree
  run_systemctl=no
fi
if [ "$create_user" = yes ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: not root: not creating user nsr nor changing ownership" >&2
  create_user=no
fi

if [ "$create_user" = yes ]; then
  if getent passwd nsr >/dev/null; then
    echo "user nsr exists"
  else
    nologin="$(command -v nologin || echo /usr/sbin/nologin)"
    useradd --system --user-group --home-dir /var/lib/nsr --no-create-home --shell "$nologin" \
      --comment "NSR network state recorder" nsr
    echo "created system user nsr"
  fi
fi

install -d -m 0755 "$root/opt/nsr" "$root/etc/nsr" "$root/etc/systemd/system" "$root/usr/local/bin"
install -d -m 0750 "$root/var/lib/nsr" "$root/var/lib/nsr/recorded_info" "$root/var/lib/nsr/logs"

# Copy then rename, so a running service never sees a half-written jar.
install -m 0644 "$jar" "$root/opt/nsr/.nsr.jar.new"
mv -f "$root/opt/nsr/.nsr.jar.new" "$root/opt/nsr/nsr.jar"
echo "installed $root/opt/nsr/nsr.jar"

# The launcher finds /opt/nsr/nsr.jar and keeps JVM warnings off stdout.
install -m 0755 "$project/bin/nsr" "$root/usr/local/bin/.nsr.new"
mv -f "$root/usr/local/bin/.nsr.new" "$root/usr/local/bin/nsr"
echo "installed $root/usr/local/bin/nsr"

built="$(dirname "$jar")"
if [ -f "$built/nsr_completion" ]; then
  install -d -m 0755 "$root/usr/local/share/bash-completion/completions"
  install -m 0644 "$built/nsr_completion" "$root/usr/local/share/bash-completion/completions/nsr"
  echo "installed $root/usr/local/share/bash-completion/completions/nsr"
else
  echo "no bash completion at $built/nsr_completion (built by 'mvn package'): skipped"
fi
if compgen -G "$built/man/*.1" >/dev/null; then
  install -d -m 0755 "$root/usr/local/share/man/man1"
  install -m 0644 "$built"/man/*.1 "$root/usr/local/share/man/man1/"
  echo "installed man pages into $root/usr/local/share/man/man1"
else
  echo "no man pages in $built/man (built by 'mvn package'): skipped"
fi

config="$root/etc/nsr/recorder_setting.yaml"
if [ -e "$config" ]; then
  echo "kept existing $config"
else
  install -m 0640 "$project/setting/recorder_setting.yaml" "$config"
  echo "installed default $config (edit ndtwin_kernel and sources)"
fi

install -m 0644 "$here/nsr.service" "$root/etc/systemd/system/nsr.service"
echo "installed $root/etc/systemd/system/nsr.service"

if [ "$create_user" = yes ]; then
  chown -R nsr:nsr "$root/var/lib/nsr"
  chgrp nsr "$config"
fi

if [ "$run_systemctl" = yes ]; then
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    echo "systemd reloaded; start with: systemctl enable --now nsr"
  else
    echo "systemd is not running here: skipped 'systemctl daemon-reload'"
  fi
fi
