#!/usr/bin/perl
# mkmmdb.pl -- writes the small MaxMind DB files the geo tests read back
# through libmaxminddb, with Debian's libmaxmind-db-writer-perl.
#
#   mkmmdb.pl test OUT.mmdb     Country-style records for documentation
#                               prefixes (the table below), IPv6 tree with
#                               the IPv4 aliases, as GeoLite2 files have
#   mkmmdb.pl test4 OUT.mmdb    the IPv4 part only, in an IPv4 tree
#   mkmmdb.pl city OUT.mmdb     City-style records (more keys) for a few
#   mkmmdb.pl big N OUT.mmdb    N IPv4 networks (/20../24) with countries
#                               drawn from 20 codes, for measurements
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my %types = (
	country => 'map', continent => 'map', registered_country => 'map',
	city => 'map', location => 'map', names => 'map',
	iso_code => 'utf8_string', code => 'utf8_string', en => 'utf8_string',
	geoname_id => 'uint32', latitude => 'double', longitude => 'double',
);

# network, country, continent (undef: key absent).  IPv4 networks are
# at most /24: ECS sources are cut to /24 before the lookup.
my @test = (
	[ '192.0.2.0/24',	'DE', 'EU' ],	# country -> eu
	[ '198.51.100.0/24',	'JP', 'AS' ],	# country -> apac
	[ '203.0.113.0/24',	'US', 'NA' ],	# country -> us
	[ '10.1.0.0/16',	'US', 'NA' ],	# country -> us
	[ '10.2.0.0/16',	'IT', 'EU' ],	# continent fallback -> eu
	[ '10.3.0.0/17',	'BR', 'SA' ],	# neither mapped: default
	[ '10.3.128.0/18',	undef, 'OC' ],	# no country: continent
	[ '10.4.0.0/16',	'FR', 'EU' ],	# a nets file overrides part
	[ '2001:db8:1::/48',	'FR', 'EU' ],
	[ '2001:db8:2::/48',	'AU', 'OC' ],	# continent -> apac
	[ '2001:db8:3::/48',	'CA', 'NA' ],	# continent -> us
	[ '2001:db8:4::/47',	'AR', 'SA' ],	# neither: default
);

sub tree {
	my ($v, $type) = @_;
	return MaxMind::DB::Writer::Tree->new(
		ip_version => $v,
		record_size => 24,
		database_type => $type,
		languages => [ 'en' ],
		description => { en => 'castns test data' },
		map_key_type_callback => sub { $types{ $_[0] } },
		remove_reserved_networks => 0,
		alias_ipv6_to_ipv4 => $v == 6 ? 1 : 0,
	);
}

sub record {
	my ($cc, $cont) = @_;
	my %r;
	$r{country} = { iso_code => $cc } if defined $cc;
	$r{continent} = { code => $cont } if defined $cont;
	return \%r;
}

sub out {
	my ($t, $file) = @_;
	open(my $fh, '>:raw', $file) or die "$file: $!\n";
	$t->write_tree($fh);
	close($fh) or die "$file: $!\n";
}

my $mode = shift // '';
if ($mode eq 'test' || $mode eq 'test4') {
	my $v = $mode eq 'test' ? 6 : 4;
	my $t = tree($v, 'castns-Test-Country');
	for my $e (@test) {
		next if $v == 4 && $e->[0] =~ /:/;
		$t->insert_network($e->[0], record($e->[1], $e->[2]));
	}
	out($t, shift // die "usage\n");
} elsif ($mode eq 'city') {
	my $t = tree(6, 'castns-Test-City');
	for my $e ([ '192.0.2.0/23', 'DE', 'EU', 'Berlin' ],
	    [ '2001:db8::/32', 'JP', 'AS', 'Tokyo' ]) {
		my $r = record($e->[1], $e->[2]);
		$r->{city} = { geoname_id => 1, names => { en => $e->[3] } };
		$r->{location} = { latitude => 1.5, longitude => 2.5 };
		$r->{registered_country} = { iso_code => 'US' };
		$t->insert_network($e->[0], $r);
	}
	out($t, shift // die "usage\n");
} elsif ($mode eq 'big') {
	my $n = shift // die "usage\n";
	my @cc = qw(DE FR IT ES GB US CA MX BR AR JP CN IN AU NZ ZA EG NG RU KR);
	my %cont = (DE => 'EU', FR => 'EU', IT => 'EU', ES => 'EU', GB => 'EU',
	    RU => 'EU', US => 'NA', CA => 'NA', MX => 'NA', BR => 'SA',
	    AR => 'SA', JP => 'AS', CN => 'AS', IN => 'AS', KR => 'AS',
	    AU => 'OC', NZ => 'OC', ZA => 'AF', EG => 'AF', NG => 'AF');
	my $t = tree(6, 'castns-Big-Country');
	my %recs = map { $_ => record($_, $cont{$_}) } @cc;
	srand(7);
	for my $i (0 .. $n - 1) {
		my $b = $i * 4096 + 0x01000000;
		my $len = 20 + $i % 5;
		my $net = sprintf('%d.%d.%d.0/%d', $b >> 24, ($b >> 16) & 255,
		    ($b >> 8) & 255, $len);
		$t->insert_network($net, $recs{ $cc[int(rand(@cc))] });
	}
	out($t, shift // die "usage\n");
} else {
	die "usage: $0 test|test4|city OUT | big N OUT\n";
}
