/* whence-date.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates as mail really carries them. RFC 5322 is the happy path; the rest is
 * what two decades of MTAs wrote: two-digit years, named zones, no zone at
 * all, asctime order ("Fri Feb 07 10:18:12 2003 -0800"), numeric dates
 * ("4/20/2018 11:01:16 PM"), fractional seconds and junk after the zone.
 *
 * The text is split into tokens once, then each token is classified by its
 * shape. Nothing here recurses and every loop advances through the input, so
 * any input costs linear time.
 */

#define G_LOG_DOMAIN "whence-date"

#include "whence-date.h"

#include <string.h>

#define MAX_TOKENS 24

typedef enum
{
  TOK_WORD,   /* letters */
  TOK_NUMBER, /* digits */
  TOK_TIME,   /* h:m[:s[.frac]] */
  TOK_ZONE,   /* +hhmm / -hhmm */
  TOK_SLASH,  /* a/b/c or a-b-c numeric date */
} TokenKind;

typedef struct
{
  TokenKind   kind;
  const char *start;
  gsize       len;
  int         v[3];       /* number: value; time: h m s; zone: minutes;
                           * numeric date: its three parts */
  int         digits;     /* number: how many digits */
  int         pdigits[3]; /* numeric date: digits of each part, 0 = not a date */
} Token;

static const char * const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun",
  "jul", "aug", "sep", "oct", "nov", "dec",
};

typedef struct
{
  const char *name;
  int         minutes;
} NamedZone;

/* The RFC 5322 names, plus zones real servers wrote anyway. Ambiguous
 * abbreviations (IST, CST in China …) take their most common mail meaning. */
static const NamedZone named_zones[] = {
  { "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 },
  { "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
  { "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
  { "akst", -540 }, { "akdt", -480 }, { "hst", -600 }, { "ast", -240 },
  { "adt", -180 }, { "nst", -210 }, { "ndt", -150 },
  { "bst", 60 }, { "ist", 60 }, { "cet", 60 }, { "met", 60 }, { "mez", 60 },
  { "west", 60 }, { "cest", 120 }, { "mest", 120 }, { "mesz", 120 },
  { "eet", 120 }, { "eest", 180 }, { "msk", 180 }, { "msd", 240 },
  { "sgt", 480 }, { "hkt", 480 }, { "awst", 480 }, { "wst", 480 },
  { "jst", 540 }, { "kst", 540 }, { "acst", 570 }, { "aest", 600 },
  { "aedt", 660 }, { "nzst", 720 }, { "nzdt", 780 },
};

static gboolean
word_is (const Token *t,
         const char  *lower)
{
  return t->len == strlen (lower) && g_ascii_strncasecmp (t->start, lower, t->len) == 0;
}

static int
month_of_word (const Token *t)
{
  if (t->len < 3)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (g_ascii_strncasecmp (t->start, months[i], 3) == 0)
      {
        /* "Mar" or "March", but not "Marker" */
        static const char * const full[] = {
          "january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december",
        };
        if (t->len == 3 ||
            (t->len <= strlen (full[i]) &&
             g_ascii_strncasecmp (t->start, full[i], t->len) == 0) ||
            (t->len == 4 && i == 8 && g_ascii_strncasecmp (t->start, "sept", 4) == 0))
          return i + 1;
      }
  return 0;
}

static gboolean
zone_of_word (const Token *t,
              int         *minutes)
{
  for (guint i = 0; i < G_N_ELEMENTS (named_zones); i++)
    if (word_is (t, named_zones[i].name))
      {
        *minutes = named_zones[i].minutes;
        return TRUE;
      }
  /* RFC 5322 4.3: military letters were defined backwards in RFC 822, so
   * they carry no information; read them as UTC. */
  if (t->len == 1 && g_ascii_isalpha (t->start[0]) &&
      g_ascii_tolower (t->start[0]) != 'j')
    {
      *minutes = 0;
      return TRUE;
    }
  return FALSE;
}

/* Reads a run of digits; returns how many, 0 if none. Caps the value so
 * that absurdly long digit runs cannot overflow. */
static int
read_digits (const char **p,
             int         *value)
{
  int n = 0;
  gint64 v = 0;

  while (g_ascii_isdigit (**p))
    {
      if (v < 100000000)
        v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  *value = (int) MIN (v, G_MAXINT);
  return n;
}

static int
tokenize (const char *text,
          Token      *toks)
{
  const char *p = text;
  int n = 0;

  while (*p != '\0' && n < MAX_TOKENS)
    {
      Token *t = &toks[n];
      const char *start = p;

      memset (t, 0, sizeof *t);
      t->start = p;

      if (*p == '(')
        {
          /* A comment like "(UTC)" or "(CEST)": skip it. Comments may nest,
           * counted with a depth, never recursion. */
          int depth = 0;
          do
            {
              if (*p == '(')
                depth++;
              else if (*p == ')')
                depth--;
              p++;
            }
          while (*p != '\0' && depth > 0);
          continue;
        }
      else if ((*p == '+' || *p == '-') && g_ascii_isdigit (p[1]))
        {
          int v;
          int sign = *p == '-' ? -1 : 1;
          int d;

          p++;
          d = read_digits (&p, &v);
          if (d != 4 && !(d == 2 && *p == ':'))
            {
              if (d == 2 || d == 1)
                {
                  /* "+2" or "-05": hours only */
                  t->kind = TOK_ZONE;
                  t->v[0] = v <= 23 ? sign * v * 60 : G_MAXINT;
                }
              else
                {
                  t->kind = TOK_ZONE;
                  t->v[0] = G_MAXINT; /* invalid */
                }
            }
          else
            {
              int hh, mm;
              if (d == 2)
                {
                  int m;
                  hh = v;
                  p++;
                  if (read_digits (&p, &m) != 2)
                    m = 100;
                  mm = m;
                }
              else
                {
                  hh = v / 100;
                  mm = v % 100;
                }
              t->kind = TOK_ZONE;
              t->v[0] = (hh <= 23 && mm <= 59) ? sign * (hh * 60 + mm) : G_MAXINT;
            }
        }
      else if (g_ascii_isdigit (*p))
        {
          int v;
          int d = read_digits (&p, &v);

          if (*p == ':' && g_ascii_isdigit (p[1]))
            {
              int m, s = 0;
              t->kind = TOK_TIME;
              p++;
              if (read_digits (&p, &m) > 2)
                m = 100;
              if (*p == ':' && g_ascii_isdigit (p[1]))
                {
                  p++;
                  if (read_digits (&p, &s) > 2)
                    s = 100;
                  if (*p == '.' || *p == ',')
                    {
                      int frac;
                      p++;
                      read_digits (&p, &frac);
                    }
                }
              t->v[0] = d <= 2 ? v : 100;
              t->v[1] = m;
              t->v[2] = s;
            }
          else if ((*p == '/' || *p == '-' || *p == '.') && g_ascii_isdigit (p[1]))
            {
              char sep = *p;
              int part = 0;

              t->kind = TOK_SLASH;
              t->v[0] = v;
              t->pdigits[0] = d;
              while (part < 2 && *p == sep && g_ascii_isdigit (p[1]))
                {
                  p++;
                  part++;
                  t->pdigits[part] = read_digits (&p, &t->v[part]);
                }
              if (part != 2)
                t->pdigits[0] = 0; /* not a date: ignored below */
            }
          else
            {
              t->kind = TOK_NUMBER;
              t->v[0] = v;
              t->digits = d;
            }
        }
      else if (g_ascii_isalpha (*p))
        {
          while (g_ascii_isalpha (*p))
            p++;
          t->kind = TOK_WORD;
        }
      else
        {
          p++;
          continue;
        }

      t->len = p - start;
      n++;
    }

  return n;
}

static int
full_year (int value,
           int digits)
{
  /* RFC 5322 4.3: two digits are 1950–2049, three are 1900 + value. */
  if (digits == 2)
    return value < 50 ? 2000 + value : 1900 + value;
  if (digits == 3)
    return 1900 + value;
  if (digits == 4)
    return value;
  return -1;
}

static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  /* Howard Hinnant's algorithm: proleptic Gregorian days since 1970-01-01. */
  gint64 era;
  int yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
days_in_month (int y,
               int m)
{
  static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dim[m - 1];
}

gboolean
whence_date_parse (const char *text,
                   gint64     *utc_seconds)
{
  Token toks[MAX_TOKENS];
  int n;
  int year = -1, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  int zone = 0;
  gboolean have_zone = FALSE;
  gboolean pm = FALSE, am = FALSE;
  int pending_number = -1;  /* a number seen before the month: the day */
  gboolean seen_time = FALSE;
  gboolean utc_word = FALSE;  /* "GMT" glued to an offset */

  g_return_val_if_fail (utc_seconds != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  n = tokenize (text, toks);

  for (int i = 0; i < n; i++)
    {
      Token *t = &toks[i];

      switch (t->kind)
        {
        case TOK_WORD:
          {
            int m = month_of_word (t);
            int z;

            if (m != 0 && month == 0)
              {
                month = m;
                if (pending_number >= 0)
                  {
                    day = toks[pending_number].v[0];
                    pending_number = -1;
                  }
              }
            else if (word_is (t, "pm") && seen_time)
              pm = TRUE;
            else if (word_is (t, "am") && seen_time)
              am = TRUE;
            else if (seen_time && !have_zone && zone_of_word (t, &z))
              {
                zone = z;
                have_zone = TRUE;
                /* "GMT+0100": the offset that follows is the real one */
                utc_word = z == 0 && i + 1 < n && toks[i + 1].kind == TOK_ZONE &&
                           toks[i + 1].start == t->start + t->len;
              }
            else if (seen_time && year > 0 && (have_zone || month != 0))
              goto done; /* junk after the date */
          }
          break;

        case TOK_NUMBER:
          if (month == 0 && day == 0 && pending_number < 0)
            {
              if (t->digits == 4)
                year = t->v[0]; /* ISO-ish order without separators: rare */
              else
                pending_number = i;
            }
          else if (month != 0 && day == 0)
            {
              if (t->digits > 2)
                return FALSE;
              day = t->v[0];
            }
          else if (year < 0)
            {
              year = full_year (t->v[0], t->digits);
              if (year < 0)
                return FALSE;
            }
          else if (seen_time && !have_zone && t->digits == 4)
            {
              /* "+0100" without the sign is not a year here: treat as junk */
              goto done;
            }
          break;

        case TOK_SLASH:
          if (t->pdigits[0] == 0 || month != 0)
            break;
          if (t->pdigits[0] == 4)
            {
              year = t->v[0];
              month = t->v[1];
              day = t->v[2];
            }
          else if (t->v[0] > 12 && t->v[1] <= 12)
            {
              /* day first, as qmail-scanner writes it: "26/08/2002" */
              day = t->v[0];
              month = t->v[1];
              year = full_year (t->v[2], t->pdigits[2]);
            }
          else
            {
              /* American order, as MHA and Outlook print it */
              month = t->v[0];
              day = t->v[1];
              year = full_year (t->v[2], t->pdigits[2]);
            }
          if (year < 0 || month < 1 || month > 12)
            return FALSE;
          break;

        case TOK_TIME:
          if (!seen_time)
            {
              hour = t->v[0];
              minute = t->v[1];
              second = t->v[2];
              seen_time = TRUE;
            }
          break;

        case TOK_ZONE:
          if (utc_word)
            {
              utc_word = FALSE;
              if (t->v[0] == G_MAXINT)
                return FALSE;
              zone = t->v[0];
            }
          else if (seen_time && !have_zone)
            {
              if (t->v[0] == G_MAXINT)
                return FALSE;
              zone = t->v[0];
              have_zone = TRUE;
            }
          break;

        default:
          break;
        }
    }

done:
  if (month < 1 || month > 12 || year < 1900 || year > 9999 || !seen_time)
    return FALSE;
  if (day < 1 || day > days_in_month (year, month))
    return FALSE;
  if (pm || am)
    {
      if (hour < 1 || hour > 12)
        return FALSE;
      if (pm && hour != 12)
        hour += 12;
      else if (am && hour == 12)
        hour = 0;
    }
  if (hour < 0 || hour > 23 || minute > 59 || second > 60)
    return FALSE;
  if (second == 60)
    second = 59; /* a leap second: keep the minute it belongs to */

  *utc_seconds = days_from_civil (year, month, day) * 86400 +
                 hour * 3600 + minute * 60 + second - (gint64) zone * 60;
  return TRUE;
}

/* Writes @value as @width digits (at least), most significant first. */
static char *
put_digits (char *out,
            int   value,
            int   width)
{
  char digits[8];
  int n = 0;

  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0 && n < (int) sizeof digits);
  while (n < width)
    digits[n++] = '0';
  while (n > 0)
    *out++ = digits[--n];

  return out;
}

/**
 * whence_date_format_iso:
 * @utc_seconds: seconds since the epoch, UTC
 * @out: where the text goes
 *
 * The same text as g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ") on
 * g_date_time_new_from_unix_utc (@utc_seconds) (the year not padded), without
 * a GDateTime and a format to parse for every hop of every email. The
 * calendar is the proleptic Gregorian one, as GDateTime's
 * (days to civil date: Howard Hinnant's algorithm).
 *
 * Returns: %FALSE, and @out empty, outside GDateTime's years 1 to 9999
 */
gboolean
whence_date_format_iso (gint64 utc_seconds,
                        char   out[WHENCE_DATE_ISO_SIZE])
{
  /* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
  const gint64 first = G_GINT64_CONSTANT (-62135596800);
  const gint64 last = G_GINT64_CONSTANT (253402300799);
  gint64 days, z, era, doe, yoe, doy, mp, day, month, year;
  int second_of_day;
  char *p = out;

  out[0] = '\0';
  if (utc_seconds < first || utc_seconds > last)
    return FALSE;

  days = utc_seconds / 86400;
  second_of_day = (int) (utc_seconds % 86400);
  if (second_of_day < 0)
    {
      second_of_day += 86400;
      days--;
    }

  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = yoe + era * 400 + (month <= 2);

  p = put_digits (p, (int) year, 1);
  *p++ = '-';
  p = put_digits (p, (int) month, 2);
  *p++ = '-';
  p = put_digits (p, (int) day, 2);
  *p++ = 'T';
  p = put_digits (p, second_of_day / 3600, 2);
  *p++ = ':';
  p = put_digits (p, second_of_day / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, second_of_day % 60, 2);
  *p++ = 'Z';
  *p = '\0';

  return TRUE;
}
