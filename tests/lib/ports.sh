# ports.sh -- free ports for servers the tests start on loopback (sourced).
#
#   free_port [N]   prints a random port P, below the kernel's ephemeral
#                   range (so no outgoing connection takes it meanwhile),
#                   such that P .. P+N-1 (N default 1) are all free for UDP
#                   and TCP on 127.0.0.1 and ::1.
free_port() {
	python3 - "${1:-1}" <<'EOF'
import random, socket, sys
n = int(sys.argv[1])
def free(p):
	for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
		for typ in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
			s = socket.socket(fam, typ)
			try:
				s.bind((addr, p))
			except OSError:
				return False
			finally:
				s.close()
	return True
for _ in range(200):
	p = random.randint(20000, 32000 - n)
	if all(free(p + i) for i in range(n)):
		print(p)
		break
EOF
}
