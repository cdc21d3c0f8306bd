/* whence-auth-results.c
 *
 * Reads the sign-in checks a mail server recorded (RFC 8601
 * Authentication-Results, RFC 8617 ARC-Authentication-Results, RFC 7208
 * Received-SPF). Which of these headers can be believed is decided by the
 * analysis, from where each one sits in the chain; this file only reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-auth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-auth-results.h"

static WhenceAuthResults *
results_new (void)
{
  WhenceAuthResults *self = g_new0 (WhenceAuthResults, 1);

  self->authserv_id = g_strdup ("");
  self->spf = g_strdup ("");
  self->spf_domain = g_strdup ("");
  self->dkim = g_strdup ("");
  self->dkim_domain = g_strdup ("");
  self->dmarc = g_strdup ("");
  self->dmarc_domain = g_strdup ("");
  self->arc = g_strdup ("");
  return self;
}

void
whence_auth_results_free (WhenceAuthResults *results)
{
  if (results == NULL)
    return;
  g_free (results->authserv_id);
  g_free (results->spf);
  g_free (results->spf_domain);
  g_free (results->dkim);
  g_free (results->dkim_domain);
  g_free (results->dmarc);
  g_free (results->dmarc_domain);
  g_free (results->arc);
  g_free (results);
}

static void
set (char       **field,
     const char  *value)
{
  g_free (*field);
  *field = g_ascii_strdown (value, -1);
}

/* Drops (comments), nested or not, outside "quoted strings". */
static char *
strip_comments (const char *value,
                GString    *first_comment)
{
  GString *out = g_string_new (NULL);
  int depth = 0;
  gboolean quoted = FALSE;
  gboolean in_first = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!quoted && *p == '(')
        {
          if (depth++ == 0 && first_comment != NULL && first_comment->len == 0)
            in_first = TRUE;
          g_string_append_c (out, ' ');
          continue;
        }
      if (!quoted && *p == ')' && depth > 0)
        {
          if (--depth == 0)
            in_first = FALSE;
          continue;
        }
      if (depth > 0)
        {
          if (in_first)
            g_string_append_c (first_comment, *p);
          continue;
        }
      if (*p == '"')
        quoted = !quoted;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static const char *
domain_of (const char *value)
{
  const char *at = strrchr (value, '@');

  return at != NULL ? at + 1 : value;
}

static char *
unquote (const char *value)
{
  gsize len = strlen (value);

  if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
    return g_strndup (value + 1, len - 2);
  return g_strdup (value);
}

static int
dkim_rank (const char *result)
{
  /* A passing signature is what counts; a failing one beats "none". */
  if (g_str_equal (result, "pass"))
    return 3;
  if (g_str_equal (result, "fail") || g_str_equal (result, "permerror"))
    return 2;
  if (*result != '\0')
    return 1;
  return 0;
}

static void
parse_resinfo (WhenceAuthResults *self,
               const char        *resinfo)
{
  g_auto(GStrv) words = g_strsplit_set (resinfo, " \t", -1);
  g_autofree char *method = NULL;
  g_autofree char *result = NULL;
  const char *eq, *slash;
  char *domain = NULL;
  guint i = 0;

  while (words[i] != NULL && *words[i] == '\0')
    i++;
  if (words[i] == NULL || (eq = strchr (words[i], '=')) == NULL)
    return;

  method = g_ascii_strdown (words[i], eq - words[i]);
  if ((slash = strchr (method, '/')) != NULL)
    method[slash - method] = '\0';
  result = unquote (eq + 1);
  {
    char *lower = g_ascii_strdown (result, -1);
    g_free (result);
    result = lower;
  }

  for (i++; words[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *val = NULL;

      if ((eq = strchr (words[i], '=')) == NULL)
        continue;
      key = g_ascii_strdown (words[i], eq - words[i]);
      val = unquote (eq + 1);

      if (g_str_equal (method, "spf")
          && (g_str_equal (key, "smtp.mailfrom") || (g_str_equal (key, "smtp.helo") && domain == NULL)))
        {
          g_free (domain);
          domain = g_strdup (domain_of (val));
        }
      else if (g_str_equal (method, "dkim")
               && (g_str_equal (key, "header.d") || (g_str_equal (key, "header.i") && domain == NULL)))
        {
          g_free (domain);
          domain = g_strdup (domain_of (val));
        }
      else if (g_str_equal (method, "dmarc") && g_str_equal (key, "header.from"))
        {
          g_free (domain);
          domain = g_strdup (domain_of (val));
        }
    }

  if (g_str_equal (method, "spf") && *self->spf == '\0')
    {
      set (&self->spf, result);
      set (&self->spf_domain, domain != NULL ? domain : "");
    }
  else if (g_str_equal (method, "dkim") && dkim_rank (result) > dkim_rank (self->dkim))
    {
      set (&self->dkim, result);
      set (&self->dkim_domain, domain != NULL ? domain : "");
    }
  else if (g_str_equal (method, "dmarc") && *self->dmarc == '\0')
    {
      set (&self->dmarc, result);
      set (&self->dmarc_domain, domain != NULL ? domain : "");
    }
  else if (g_str_equal (method, "arc") && *self->arc == '\0')
    set (&self->arc, result);

  g_free (domain);
}

/**
 * whence_auth_results_parse:
 * @value: an Authentication-Results or ARC-Authentication-Results value
 *
 * Returns: (transfer full): what it says; never %NULL
 */
WhenceAuthResults *
whence_auth_results_parse (const char *value)
{
  WhenceAuthResults *self = results_new ();
  g_autofree char *clean = NULL;
  g_auto(GStrv) parts = NULL;
  guint i = 0;

  if (value == NULL)
    return self;

  clean = strip_comments (value, NULL);
  parts = g_strsplit (clean, ";", -1);

  /* ARC's copy starts with its instance number: "i=1; authserv-id; …". */
  while (parts[i] != NULL && (g_strstrip (parts[i]), g_ascii_strncasecmp (parts[i], "i=", 2) == 0))
    i++;
  if (parts[i] == NULL)
    return self;

  {
    g_auto(GStrv) id = g_strsplit_set (parts[i], " \t", 2);

    /* authserv-id may be followed by a version number */
    set (&self->authserv_id, id[0] != NULL ? id[0] : "");
    i++;
  }

  for (; parts[i] != NULL; i++)
    parse_resinfo (self, g_strstrip (parts[i]));

  return self;
}

static char *
param (const char *text,
       const char *name)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autofree char *needle = g_strconcat (name, "=", NULL);
  const char *p = lower;

  while ((p = strstr (p, needle)) != NULL)
    {
      if (p == lower || p[-1] == ' ' || p[-1] == ';' || p[-1] == '\t')
        {
          const char *start = text + (p - lower) + strlen (needle);
          const char *end = start;

          while (*end != '\0' && *end != ';' && *end != ' ' && *end != '\t')
            end++;
          {
            g_autofree char *raw = g_strndup (start, end - start);
            return unquote (raw);
          }
        }
      p++;
    }

  return NULL;
}

/**
 * whence_received_spf_parse:
 * @value: a Received-SPF value
 *
 * Returns: (transfer full): the SPF result, its domain and who wrote it
 */
WhenceAuthResults *
whence_received_spf_parse (const char *value)
{
  WhenceAuthResults *self = results_new ();
  g_autoptr(GString) comment = g_string_new (NULL);
  g_autofree char *clean = NULL;
  g_autofree char *receiver = NULL;
  g_autofree char *envfrom = NULL;
  g_autofree char *helo = NULL;
  g_auto(GStrv) words = NULL;

  if (value == NULL)
    return self;

  clean = strip_comments (value, comment);
  g_strstrip (clean);
  words = g_strsplit_set (clean, " \t;", 2);
  if (words[0] != NULL)
    set (&self->spf, words[0]);

  envfrom = param (clean, "envelope-from");
  helo = param (clean, "helo");
  if (envfrom != NULL && *envfrom != '\0' && !g_str_equal (envfrom, "<>"))
    {
      g_autofree char *trimmed = g_strdup (envfrom);

      g_strdelimit (trimmed, "<>", ' ');
      g_strstrip (trimmed);
      set (&self->spf_domain, domain_of (trimmed));
    }
  else if (helo != NULL)
    set (&self->spf_domain, helo);

  receiver = param (clean, "receiver");
  if (receiver != NULL)
    set (&self->authserv_id, receiver);
  else if (comment->len > 0)
    {
      /* "(mx.example.net: domain of … designates …)" */
      g_auto(GStrv) host = g_strsplit_set (g_strstrip (comment->str), ": \t", 2);

      if (host[0] != NULL && strchr (host[0], '.') != NULL)
        set (&self->authserv_id, host[0]);
    }

  return self;
}

/**
 * whence_auth_sentence:
 * @method: "spf", "dkim", "dmarc" or "arc"
 * @result: the result word; "" when nothing was recorded
 * @domain: (nullable): the domain that was checked
 *
 * Returns: (transfer full) (nullable): one plain, translated sentence, or
 *   %NULL when there is nothing worth saying (no ARC, for example)
 */
char *
whence_auth_sentence (const char *method,
                      const char *result,
                      const char *domain)
{
  gboolean pass = g_strcmp0 (result, "pass") == 0;
  gboolean fail = g_strcmp0 (result, "fail") == 0;
  gboolean soft = g_strcmp0 (result, "softfail") == 0;
  gboolean empty = result == NULL || *result == '\0';
  gboolean none = empty || g_str_equal (result, "none") || g_str_equal (result, "neutral");

  (void) domain;

  if (g_strcmp0 (method, "spf") == 0)
    {
      if (pass)
        return g_strdup (_("The sender's domain says this computer may send its email."));
      if (fail)
        return g_strdup (_("The sender's domain says this computer may not send its email."));
      if (soft)
        return g_strdup (_("The sender's domain says this computer should probably not send its email."));
      if (empty)
        return g_strdup (_("Your email provider did not check which computers may send for the sender's domain."));
      if (none)
        return g_strdup (_("The sender's domain does not say which computers may send its email."));
      return g_strdup (_("The check of which computers may send for the sender's domain could not be finished."));
    }
  if (g_strcmp0 (method, "dkim") == 0)
    {
      if (pass)
        return g_strdup (_("The email carries a valid digital seal. It was not changed on the way."));
      if (fail || g_strcmp0 (result, "permerror") == 0)
        return g_strdup (_("The email's digital seal is broken. It was changed on the way, or the seal is fake."));
      if (empty)
        return g_strdup (_("Your email provider did not check the email's digital seal."));
      if (none)
        return g_strdup (_("The email has no digital seal."));
      return g_strdup (_("The email's digital seal could not be checked."));
    }
  if (g_strcmp0 (method, "dmarc") == 0)
    {
      if (pass)
        return g_strdup (_("The sender's domain confirms that this email is really from it."));
      if (fail)
        return g_strdup (_("The sender's domain does not confirm this email. It may be fake."));
      if (empty)
        return g_strdup (_("Your email provider did not ask the sender's domain to confirm the email."));
      if (none)
        return g_strdup (_("The sender's domain has no rules to confirm its email."));
      return g_strdup (_("The sender's domain could not be asked to confirm the email."));
    }
  if (g_strcmp0 (method, "arc") == 0)
    {
      if (pass)
        return g_strdup (_("A service that passed the email on says the checks were fine before."));
      if (fail)
        return g_strdup (_("A service that passed the email on left a record that does not check out."));
      return NULL;
    }
  return NULL;
}
