# genroutes.awk - print a Junos route-information reply of N routes
# (awk -v n=N -v rel=REL -f genroutes.awk), in the shape the firewall
# prints for "show route table Cust11.inet.0 | display xml": brief style,
# versioned namespace, junos: attributes, padded AS paths, keepalive
# comments every 1000 routes.  The reference design's routes come first
# so that the checks have real work to do.
BEGIN {
	if (rel == "") rel = "21.4R0"
	printf "<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/%s/junos\">\n", rel
	printf "<route-information xmlns=\"http://xml.juniper.net/junos/%s/junos-routing\">\n", rel
	printf "<route-table>\n<table-name>Cust11.inet.0</table-name>\n"
	printf "<destination-count>%d</destination-count>\n<total-route-count>%d</total-route-count>\n", n + 2, n + 8
	printf "<active-route-count>%d</active-route-count>\n<holddown-route-count>0</holddown-route-count>\n<hidden-route-count>0</hidden-route-count>\n", n + 2
	azure("10.17.11.0/25"); azure("10.17.11.128/26")
	for (i = 0; i < n; i++) {
		if (i % 1000 == 0) print "<!-- keepalive -->"
		a = 20 + int(i / 65536); b = int(i / 256) % 256; c = i % 256
		printf "<rt junos:style=\"brief\">\n<rt-destination>%d.%d.%d.0/24</rt-destination>\n", a, b, c
		printf "<rt-entry>\n<active-tag>*</active-tag>\n<current-active/>\n<last-active/>\n<protocol-name>BGP</protocol-name>\n"
		printf "<preference>170</preference>\n<age junos:seconds=\"174844\">2d 0:34:04</age>\n<local-preference>150</local-preference>\n"
		printf "<as-path>12076 %d I\n</as-path>\n<validation-state>unverified</validation-state>\n", 64512 + (i % 100)
		printf "<nh>\n<selected-next-hop/>\n<to>192.168.11.0</to>\n<via>reth1.11</via>\n</nh>\n</rt-entry>\n</rt>\n"
	}
	print "</route-table>\n</route-information>\n<cli>\n<banner>{primary:node0}</banner>\n</cli>\n</rpc-reply>"
}
function path(active, lp, asp, to, via, from) {
	printf "<rt-entry>\n"
	if (active) printf "<active-tag>*</active-tag>\n<current-active/>\n<last-active/>\n"
	printf "<protocol-name>BGP</protocol-name>\n<preference>170</preference>\n<age junos:seconds=\"174844\">2d 0:34:04</age>\n"
	printf "<local-preference>%d</local-preference>\n", lp
	if (from != "") printf "<learned-from>%s</learned-from>\n", from
	printf "<as-path>%s\n</as-path>\n<validation-state>unverified</validation-state>\n<nh>\n<selected-next-hop/>\n", asp
	if (to != "") printf "<to>%s</to>\n", to
	printf "<via>%s</via>\n</nh>\n</rt-entry>\n", via
}
function azure(p) {
	printf "<rt junos:style=\"brief\">\n<rt-destination>%s</rt-destination>\n", p
	path(1, 150, "12076 I", "192.168.11.0", "reth1.11", "")
	path(0, 150, "12076 I", "192.168.11.2", "reth2.11", "")
	path(0, 100, "65515 I", "", "st0.118", "10.17.11.76")
	path(0, 100, "65515 I", "", "st0.119", "10.17.11.77")
	printf "</rt>\n"
}
