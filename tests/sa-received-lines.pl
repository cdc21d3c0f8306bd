#!/usr/bin/perl
# sa-received-lines.pl FILE.eml... : every Received header of each message,
# and what SpamAssassin's own parse_received_line() makes of it, one JSON
# object a line: {"file", "value", "sa"}, value and sa hex-encoded (bytes as
# in the message). "sa" is "" for an ignored line, "[ unparseable ]", or the
# relay string without " intl=[01]", as t/rcvd_parser.t compares it.
# Used by tests/test-received.c when SpamAssassin is installed.
use strict;
use warnings;
use JSON::PP;
use File::Temp qw(tempdir);
use Mail::SpamAssassin;

my $dir = tempdir (CLEANUP => 1);
my $sa = Mail::SpamAssassin->new ({
  rules_filename => $dir, site_rules_filename => $dir,
  userprefs_filename => "$dir/none", local_tests_only => 1,
  dont_copy_prefs => 1, home_dir_for_helpers => $dir,
});
$sa->init (0);
my $msg = $sa->parse ("From: x\n\nbody\n", 1);
my $json = JSON::PP->new->canonical->ascii;

for my $file (@ARGV) {
  open my $fh, '<:raw', $file or die "$file: $!";
  local $/;
  my $text = <$fh>;
  close $fh;
  my ($head) = split /\r?\n\r?\n/, $text, 2;
  next unless defined $head;
  $head =~ s/\r//g;
  my (@hdrs, $cur);
  for my $line (split /\n/, $head) {
    if ($line =~ /^[ \t]/ && defined $cur) { $cur .= "\n$line"; next; }
    push @hdrs, $cur if defined $cur;
    $cur = $line;
  }
  push @hdrs, $cur if defined $cur;
  for my $h (@hdrs) {
    next unless $h =~ /^Received:[ \t]*(.*)$/si;
    my $v = $1;
    my $r = $msg->{metadata}->parse_received_line ($v);
    my $s = !defined $r ? '[ unparseable ]' : !$r ? '' : $r->{as_string};
    $s =~ s/ intl=[01] / /;
    print $json->encode ({ file => $file, value => unpack ("H*", $v), sa => unpack ("H*", $s) }), "\n";
  }
}
