// Captured output of the remote facts script, trimmed to what the parser reads.
const M = '@@capstan-facts@@'

/** Debian 12 with iproute2: a second interface holds the default route, eth0 has an alias label. */
export const DEBIAN = `Welcome to web01 (motd printed by a noisy profile)

${M} os-release
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION_CODENAME=bookworm
ID=debian

${M} debian-version
12.5

${M} uname
Linux 6.1.0-18-amd64 x86_64

${M} nodename
web01

${M} hostname
web01

${M} hostname-f
web01.example.com

${M} resolv-domain
search corp.invalid

${M} nproc
3

${M} cpuinfo
processor	: 0
model name	: AMD EPYC 7571
cpu MHz		: 2199.998
processor	: 1
model name	: AMD EPYC 7571
cpu MHz		: 2199.998
processor	: 2
model name	: AMD EPYC 7571
cpu MHz		: 2199.998
processor	: 3
model name	: AMD EPYC 7571
cpu MHz		: 2199.998

${M} meminfo
MemTotal:        8048576 kB
MemFree:          512000 kB
MemAvailable:    6037432 kB
Buffers:          102400 kB

${M} uptime
86400.73 170000.01

${M} route
Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	0A000000	00000000	0001	0	0	0	00FFFFFF	0	0	0
wlan0	00000000	0101A8C0	0003	0	0	600	00000000	0	0	0
wlan0	0001A8C0	00000000	0001	0	0	600	00FFFFFF	0	0	0

${M} ip-addr
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
1: lo    inet6 ::1/128 scope host noprefixroute \\       valid_lft forever preferred_lft forever
2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\\       valid_lft forever preferred_lft forever
2: eth0    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0:1\\       valid_lft forever preferred_lft forever
2: eth0    inet6 fe80::5054:ff:fe12:3456/64 scope link \\       valid_lft forever preferred_lft forever
3: wlan0    inet 192.168.1.23/24 brd 192.168.1.255 scope global dynamic noprefixroute wlan0\\       valid_lft 85000sec preferred_lft 85000sec
3: wlan0    inet6 2001:db8:1::23/64 scope global dynamic mngtmpaddr \\       valid_lft 86000sec preferred_lft 14000sec
3: wlan0    inet6 fe80::aaaa:bbff:fecc:dd01/64 scope link \\       valid_lft forever preferred_lft forever
4: wg0    inet 10.9.0.1 peer 10.9.0.2/32 scope global wg0\\       valid_lft forever preferred_lft forever

${M} ip-link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
3: wlan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DORMANT group default qlen 1000\\    link/ether a8:aa:bb:cc:dd:01 brd ff:ff:ff:ff:ff:ff
4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/none

${M} sys-net
eth0 52:54:00:12:34:56 0x1003
lo 00:00:00:00:00:00 0x9
wlan0 a8:aa:bb:cc:dd:01 0x1003
wg0  0x90
`

/** Alpine-like: no iproute2 (busybox ifconfig + if_inet6), no hostname -f, no nproc, no meminfo, no uptime. */
export const ALPINE = `
${M} os-release
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"

${M} uname
Linux 6.6.52-0-virt aarch64

${M} nodename
alpine-1

${M} resolv-domain

${M} cpuinfo
processor	: 0
processor	: 1

${M} route
Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	0100A8C0	0003	0	0	0	00000000	0	0	0

${M} if-inet6
00000000000000000000000000000001 01 80 10 80       lo
fe80000000000000004200fffeac0002 02 40 20 80     eth0

${M} ifconfig
eth0      Link encap:Ethernet  HWaddr 02:42:00:AC:00:02
          inet addr:192.168.0.2  Bcast:192.168.0.255  Mask:255.255.255.0
          inet6 addr: fe80::42:ff:feac:2/64 Scope:Link
          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1

lo        Link encap:Local Loopback
          inet addr:127.0.0.1  Mask:255.0.0.0
          inet6 addr: ::1/128 Scope:Host
          UP LOOPBACK RUNNING  MTU:65536  Metric:1

${M} sys-net
`

/** RHEL 9 os-release with only the kernel beside it. */
export const RHEL = `
${M} os-release
NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"

${M} uname
Linux 5.14.0-427.13.1.el9_4.x86_64 x86_64

${M} hostname
db01.prod.example.com

${M} nproc
16

${M} meminfo
MemTotal:       32768000 kB
MemFree:         1024000 kB
`
