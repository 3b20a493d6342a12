/**
 * Starts each section of {@link REMOTE_FACTS_SCRIPT}'s output, on a line of
 * its own followed by the section's name: `@@capstan-facts@@ meminfo`. No
 * file or command the script reads prints such a line, so no nonce is needed.
 */
export const FACTS_SECTION_MARKER = '@@capstan-facts@@'

/**
 * The POSIX sh script that gathers a node's facts in one round trip. It only
 * reads: files under /etc, /proc and /sys, and `uname`, `hostname`, `nproc`,
 * `ip` (`ifconfig` and /proc/net/if_inet6 when `ip` cannot list addresses).
 * Each source is printed as a section after a {@link FACTS_SECTION_MARKER}
 * line; a file that is missing or a tool that is absent or fails leaves its
 * section out, and the script still exits 0. Runs as any user under dash,
 * bash or busybox ash (Debian, RHEL, SUSE, Arch, Alpine).
 */
export const REMOTE_FACTS_SCRIPT = [
  `marker='${FACTS_SECTION_MARKER}'`,
  // The leading newline ends a section whose file lacks a final one.
  `section() { printf '\\n%s %s\\n' "$marker" "$1"; }`,
  `show_file() { if [ -r "$2" ]; then section "$1"; cat "$2" 2>/dev/null; else return 1; fi; }`,
  `show_cmd() { name=$1; shift; command -v "$1" >/dev/null 2>&1 || return 1; out=$("$@" 2>/dev/null) || return 1; [ -n "$out" ] || return 1; section "$name"; printf '%s\\n' "$out"; }`,
  `show_file os-release /etc/os-release || show_file os-release /usr/lib/os-release`,
  `show_file debian-version /etc/debian_version`,
  `show_cmd uname uname -s -r -m`,
  `show_cmd nodename uname -n || show_file nodename /proc/sys/kernel/hostname`,
  `show_cmd hostname hostname`,
  `show_cmd hostname-f hostname -f`,
  `if [ -r /etc/resolv.conf ]; then section resolv-domain; grep -E '^[[:space:]]*(domain|search)[[:space:]]' /etc/resolv.conf 2>/dev/null; fi`,
  `show_cmd nproc nproc`,
  // Only the lines parsed: a full cpuinfo is ~1.5 KiB of flags per CPU.
  `if [ -r /proc/cpuinfo ]; then section cpuinfo; grep -E '^(processor|model name|cpu MHz|Processor|cpu model|cpu)[[:space:]]*:' /proc/cpuinfo 2>/dev/null; fi`,
  `show_file meminfo /proc/meminfo`,
  `show_file uptime /proc/uptime`,
  `show_file route /proc/net/route`,
  `if ! show_cmd ip-addr ip -o addr show; then show_file if-inet6 /proc/net/if_inet6; show_cmd ifconfig ifconfig -a; fi`,
  `show_cmd ip-link ip -o link show`,
  `section sys-net`,
  `for d in /sys/class/net/*; do if [ -r "$d/address" ]; then printf '%s %s %s\\n' "\${d##*/}" "$(cat "$d/address" 2>/dev/null)" "$(cat "$d/flags" 2>/dev/null)"; fi; done`,
  `exit 0`,
  '',
].join('\n')
