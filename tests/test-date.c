/* test-date.c: dates as mail carries them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>

#include "whence-date.h"

typedef struct
{
  const char *text;
  gboolean    ok;
  /* the instant in UTC, when ok */
  int         year, month, day, hour, minute, second;
} DateCase;

static const DateCase cases[] = {
  /* RFC 5322 */
  { "Thu, 13 Mar 2003 15:23:15 -0500", TRUE, 2003, 3, 13, 20, 23, 15 },
  { "Tue, 1 Jul 2003 10:52:37 +0200", TRUE, 2003, 7, 1, 8, 52, 37 },
  { "Mon,  6 Jul 2015 09:01:20 +0000 (UTC)", TRUE, 2015, 7, 6, 9, 1, 20 },
  { "Thu, 13 Mar 2003 15:23:15 -0500 (EST)", TRUE, 2003, 3, 13, 20, 23, 15 },
  { "Fri, 31 Dec 2004 23:59:59 +1300", TRUE, 2004, 12, 31, 10, 59, 59 },
  { "Sat, 1 Jan 2005 00:30:00 +0100", TRUE, 2004, 12, 31, 23, 30, 0 },
  { "29 Feb 2004 12:00:00 +0000", TRUE, 2004, 2, 29, 12, 0, 0 },
  { "Sat, 21 Apr 2018 03:01:33 +0530", TRUE, 2018, 4, 20, 21, 31, 33 },
  /* missing weekday, extra spaces, no seconds */
  { "14 Nov 2003 08:05:52 -0000", TRUE, 2003, 11, 14, 8, 5, 52 },
  { "  Wed,   2  Apr   2003   12:33   +0000  ", TRUE, 2003, 4, 2, 12, 33, 0 },
  /* two- and three-digit years */
  { "Wed, 26 Mar 03 20:43:24 -0600", TRUE, 2003, 3, 27, 2, 43, 24 },
  { "Thu, 20 Mar 99 10:06:43 +0100", TRUE, 1999, 3, 20, 9, 6, 43 },
  { "Thu, 20 Mar 103 10:06:43 +0000", TRUE, 2003, 3, 20, 10, 6, 43 },
  /* named zones */
  { "Wed, 12 Feb 2003 14:22:21 PST", TRUE, 2003, 2, 12, 22, 22, 21 },
  { "Fri, 02 Jun 2006 08:15:21 PDT", TRUE, 2006, 6, 2, 15, 15, 21 },
  { "Tue, 23 May 2006 13:06:35 EDT", TRUE, 2006, 5, 23, 17, 6, 35 },
  { "3 Jul 2002 15:43:50 UT", TRUE, 2002, 7, 3, 15, 43, 50 },
  { "Thu, 24 Jul 2002 16:36:44 GMT", TRUE, 2002, 7, 24, 16, 36, 44 },
  { "Thu, 24 Jul 2002 16:36:44 CEST", TRUE, 2002, 7, 24, 14, 36, 44 },
  { "Thu, 24 Jul 2002 16:36:44 GMT+0200", TRUE, 2002, 7, 24, 14, 36, 44 },
  { "Thu, 24 Jul 2002 16:36:44 GMT +0200", TRUE, 2002, 7, 24, 16, 36, 44 },
  /* military letters carry no information (RFC 5322 4.3): UTC */
  { "Thu, 24 Jul 2002 16:36:44 Z", TRUE, 2002, 7, 24, 16, 36, 44 },
  { "Thu, 24 Jul 2002 16:36:44 A", TRUE, 2002, 7, 24, 16, 36, 44 },
  /* missing zone: UTC */
  { "Sun Nov 13 14:50:12 2005", TRUE, 2005, 11, 13, 14, 50, 12 },
  { "30 Apr 2003 15:06:29", TRUE, 2003, 4, 30, 15, 6, 29 },
  /* asctime order with a zone */
  { "Fri Feb 07 10:18:12 2003 -0800", TRUE, 2003, 2, 7, 18, 18, 12 },
  { "Fri Sep 14 14:36:56 EDT 2018", TRUE, 2018, 9, 14, 18, 36, 56 },
  /* junk after the date */
  { "Thu, 20 Mar 03 10:06:43 +0100 for <asrg@ietf.org>", TRUE, 2003, 3, 20, 9, 6, 43 },
  { "Mon, 6 Jul 2015 09:01:20 +0000 (UTC) (envelope-from x@y.com)", TRUE, 2015, 7, 6, 9, 1, 20 },
  { "17 Jan 2011 08:23:27 -0800 PST", TRUE, 2011, 1, 17, 16, 23, 27 },
  /* fractional seconds, and the forms Outlook's analyser accepts */
  { "Thu, 02 Apr 2020 07:53:55.516 +0000 (UTC)", TRUE, 2020, 4, 2, 7, 53, 55 },
  { "Saturday, 21 Apr 2018 03:01:02 +0000", TRUE, 2018, 4, 21, 3, 1, 2 },
  { "Apr 21 2018 3:01:05 +0000", TRUE, 2018, 4, 21, 3, 1, 5 },
  { "4/20/2018 11:01:16 PM -0400 (EDT)", TRUE, 2018, 4, 21, 3, 1, 16 },
  { "2018-4-20 11:01:08 PM", TRUE, 2018, 4, 20, 23, 1, 8 },
  { "4/20/2018 12:30:00 AM", TRUE, 2018, 4, 20, 0, 30, 0 },
  /* day first when it cannot be a month (qmail-scanner) */
  { "26/08/2002 09:29:26", TRUE, 2002, 8, 26, 9, 29, 26 },
  { "Mon, 26 Mar 2018 13:35:11.102 +0000 UTC", TRUE, 2018, 3, 26, 13, 35, 11 },
  /* out of range: refused, never wrapped */
  { "Thu, 13 Foo 2003 15:23:15 -0500", FALSE },
  { "Thu, 32 Mar 2003 15:23:15 -0500", FALSE },
  { "Thu, 29 Feb 2003 15:23:15 -0500", FALSE },
  { "Thu, 13 Mar 0 15:23:15 -0500", FALSE },
  { "Thu, 13 Mar 0000 15:23:15 -0500", FALSE },
  { "Thu, 13 Mar 99999 15:23:15 -0500", FALSE },
  { "Thu, 13 Mar 2003 24:00:00 -0500", FALSE },
  { "Thu, 13 Mar 2003 23:60:00 -0500", FALSE },
  { "Thu, 13 Mar 2003 23:00:61 -0500", FALSE },
  { "Thu, 13 Mar 2003 15:23:15 +9999", FALSE },
  { "Thu, 13 Mar 2003 15:23:15 -2400", FALSE },
  { "13/13/2003 15:23:15", FALSE },
  { "4/31/2003 15:23:15", FALSE },
  { "13 Mar 2003", FALSE },
  { "", FALSE },
  { "garbage", FALSE },
  { "12:00:00", FALSE },
  { "Thu, 13 Mar 2003 13:00:00 PM", FALSE },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const DateCase *c = &cases[i];
      gint64 got = G_MININT64;
      gboolean ok = whence_date_parse (c->text, &got);

      if (ok != c->ok)
        g_error ("\"%s\": expected %s, got %s", c->text,
                 c->ok ? "a date" : "failure", ok ? "a date" : "failure");
      if (ok)
        {
          g_autoptr(GDateTime) want = g_date_time_new_utc (c->year, c->month, c->day,
                                                          c->hour, c->minute, c->second);
          g_assert_nonnull (want);
          if (got != g_date_time_to_unix (want))
            g_error ("\"%s\": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                     c->text, g_date_time_to_unix (want), got);
        }
    }
  g_test_message ("%u date forms checked", (guint) G_N_ELEMENTS (cases));
}

/* Whatever the bytes, the parser answers, and quickly. */
static void
test_robust (void)
{
  static const char * const nasty[] = {
    "((((((((((((((((((((((((((((((((((((((((",
    "Thu, 13 Mar 2003 15:23:15 -0500 ((((((((((",
    "99999999999999999999999999 Mar 2003 15:23:15",
    "Thu, 13 Mar 2003 999999999999:23:15",
    "1/2/3/4/5/6/7/8/9 1:2:3:4:5:6",
    "+0000 +0000 +0000",
    "\xff\xfe\x80 13 Mar 2003 15:23:15",
  };
  GRand *rand = g_rand_new_with_seed (42);
  gint64 t;

  for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
    whence_date_parse (nasty[i], &t);

  for (guint i = 0; i < 20000; i++)
    {
      char buf[48];
      const char alphabet[] = "0123456789 :+-,/().ADFJMNOSTUWZaceghlnoprtuyPM";
      guint len = g_rand_int_range (rand, 0, sizeof buf);

      for (guint j = 0; j < len; j++)
        buf[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      buf[len] = '\0';
      if (len == sizeof buf)
        buf[len - 1] = '\0';
      if (whence_date_parse (buf, &t))
        {
          /* anything accepted is a real instant between 1900 and 9999 */
          g_assert_cmpint (t, >=, G_GINT64_CONSTANT (-2208988800) - 86400);
          g_assert_cmpint (t, <=, G_GINT64_CONSTANT (253402300799) + 86400);
        }
    }
  g_rand_free (rand);
}

/* The JSON's dates: the same text as GDateTime gives, on every kind of
 * instant (epoch, before it, leap days, century years, both ends of
 * GDateTime's range) and 200,000 random ones; outside the range, nothing. */
static void
check_iso (gint64 t)
{
  char iso[WHENCE_DATE_ISO_SIZE];
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (t);
  g_autofree char *expected = date != NULL ? g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ") : NULL;
  gboolean ok = whence_date_format_iso (t, iso);

  if (expected == NULL)
    {
      g_assert_false (ok);
      g_assert_cmpstr (iso, ==, "");
    }
  else
    {
      g_assert_true (ok);
      g_assert_cmpstr (iso, ==, expected);
    }
}

static void
test_format_iso (void)
{
  const gint64 fixed[] = {
    0, -1, 1, 86399, 86400, -86400, -86401,
    G_GINT64_CONSTANT (-62135596800), G_GINT64_CONSTANT (-62135596801),   /* 0001-01-01 */
    G_GINT64_CONSTANT (253402300799), G_GINT64_CONSTANT (253402300800),   /* 9999-12-31 */
    951782400, 951868800, 951955200,            /* 2000-02-29 and around */
    -2203977600, -2203891200,                   /* 1900-02-28, 1900-03-01 */
    4107456000, 4107542400,                     /* 2100-02-28, 2100-03-01 */
    G_GINT64_CONSTANT (-30610224000),           /* 1000-01-01 */
    G_GINT64_CONSTANT (-30610224001),           /* 999-12-31 */
    G_MININT64, G_MAXINT64,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    check_iso (fixed[i]);
  for (guint i = 0; i < 200000; i++)
    check_iso ((gint64) (g_rand_double_range (rand, -63e9, 254e9)));
  for (gint64 day = -800; day < 800; day++)
    check_iso (day * 86400 + (day % 7) * 3600 + 59);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/table", test_table);
  g_test_add_func ("/date/robust", test_robust);
  g_test_add_func ("/date/format-iso", test_format_iso);

  return g_test_run ();
}
