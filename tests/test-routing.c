/* test-routing.c: country × situation → the wizard's steps and contacts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "whence-message.h"
#include "whence-routing.h"

typedef struct
{
  const char      *country;
  const char      *state;
  WhenceSituation  situation;
  gboolean         repeated;
  const char      *steps;          /* step ids joined by spaces */
  const char      *experts;        /* first contact of the experts step, or "-" */
  const char      *crime;          /* contact ids of the crime step, or "-" */
  const char      *not_here;       /* not_here ids of experts + crime steps */
  const char      *warn;           /* a domain some warning must name, or NULL */
} Route;

#define BASE "stay-safe where network experts"

static const Route routes[] = {
  /* US worm victim, nothing lost: no crime step; CISA, not CERT/CC. */
  { "US", "OH", WHENCE_SITUATION_ONLY_EMAIL, FALSE, BASE " done",
    "cisa", "-", "cert-cc", "cisa.services" },
  /* …but it keeps happening: IC3 then both Ohio field offices. */
  { "US", "OH", WHENCE_SITUATION_ONLY_EMAIL, TRUE, BASE " crime done",
    "cisa", "ic3 cincinnati cleveland", "cert-cc interpol-us-ncb", NULL },
  { "US", "VT", WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE, BASE " crime done",
    "cisa", "ic3 albany", "cert-cc interpol-us-ncb", NULL },
  { "US", "DC", WHENCE_SITUATION_THREATENED, FALSE, BASE " crime done",
    "cisa", "ic3 washingtondc", "cert-cc interpol-us-ncb", NULL },
  { "us", "pr", WHENCE_SITUATION_THREATENED, FALSE, BASE " crime done",
    "cisa", "ic3 sanjuan", "cert-cc interpol-us-ncb", NULL },
  /* No state chosen yet: IC3 only. */
  { "US", NULL, WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE, BASE " crime done",
    "cisa", "ic3", "cert-cc interpol-us-ncb", NULL },
  /* UK victim who lost money: NCSC, Report Fraud first; INTERPOL explained. */
  { "GB", NULL, WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE, BASE " crime done",
    "gb-csirt", "gb-report-1 gb-report-2 gb-report-3", "interpol", "interpol-icp.org" },
  { "GB", NULL, WHENCE_SITUATION_ONLY_EMAIL, FALSE, BASE " done",
    "gb-csirt", "-", "", NULL },
  /* German victim: BSI; the state police portals plus Europol's list. */
  { "DE", NULL, WHENCE_SITUATION_THREATENED, FALSE, BASE " crime done",
    "de-csirt", "de-police-1 de-police-2 de-police-3 de-police-4 de-police-5 de-police-6 "
    "de-police-7 de-police-8 de-police-9 de-police-10 europol", "interpol", "interpol-icp.org" },
  { "de", NULL, WHENCE_SITUATION_ONLY_EMAIL, TRUE, BASE " crime done",
    "de-csirt", "de-police-1 de-police-2 de-police-3 de-police-4 de-police-5 de-police-6 "
    "de-police-7 de-police-8 de-police-9 de-police-10 europol", "interpol", NULL },
  /* Austria: CSIRT known, no portal confirmed: police + Europol. */
  { "AT", NULL, WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE, BASE " crime done",
    "at-csirt", "europol", "interpol", NULL },
  /* A country the data knows nothing about: general advice, police. */
  { "CN", NULL, WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE, BASE " crime done",
    "-", "", "interpol", NULL },
  { NULL, NULL, WHENCE_SITUATION_ONLY_EMAIL, FALSE, BASE " done",
    "-", "-", "", NULL },
  { "JP", NULL, WHENCE_SITUATION_THREATENED, TRUE, BASE " crime done",
    "jp-csirt", "jp-report-1", "interpol", NULL },
};

static char *
join_ids (GPtrArray *contacts)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < contacts->len; i++)
    g_strv_builder_add (builder, ((WhenceAgency *) g_ptr_array_index (contacts, i))->id);
  ids = g_strv_builder_end (builder);
  return g_strjoinv (" ", ids);
}

static WhenceStep *
find_step (GPtrArray      *steps,
           WhenceStepKind  kind)
{
  for (guint i = 0; i < steps->len; i++)
    if (((WhenceStep *) g_ptr_array_index (steps, i))->kind == kind)
      return g_ptr_array_index (steps, i);
  return NULL;
}

static gboolean
any_mentions (char       **texts,
              const char  *needle)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    if (strstr (texts[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_table (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      const Route *route = &routes[r];
      g_autoptr(GPtrArray) steps = whence_route_steps (route->country, route->state,
                                                       route->situation, route->repeated);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) ids = NULL;
      g_autofree char *joined = NULL;
      g_autoptr(GString) not_here = g_string_new ("");
      WhenceStep *experts, *crime;
      g_autofree char *experts_ids = NULL;

      g_test_message ("route %u: %s/%s %s%s", r, route->country, route->state,
                      whence_situation_to_string (route->situation),
                      route->repeated ? " repeated" : "");

      for (guint i = 0; i < steps->len; i++)
        {
          WhenceStep *step = g_ptr_array_index (steps, i);

          g_strv_builder_add (builder, step->id);
          g_assert_nonnull (step->title);
          g_assert_nonnull (step->paragraphs);
          /* not_here and its reasons go together */
          g_assert_cmpuint (step->not_here->len, ==,
                            step->not_here_reasons ? g_strv_length (step->not_here_reasons) : 0);
          /* Only the last step speaks of what follows a report. */
          g_assert_true ((step->follow_up != NULL) == (step->kind == WHENCE_STEP_DONE));
        }
      ids = g_strv_builder_end (builder);
      joined = g_strjoinv (" ", ids);
      g_assert_cmpstr (joined, ==, route->steps);

      experts = find_step (steps, WHENCE_STEP_EXPERTS);
      experts_ids = join_ids (experts->contacts);
      if (g_str_equal (route->experts, "-"))
        g_assert_cmpuint (experts->contacts->len, ==, 0);
      else
        g_assert_true (g_str_has_prefix (experts_ids, route->experts));

      crime = find_step (steps, WHENCE_STEP_CRIME);
      if (g_str_equal (route->crime, "-"))
        g_assert_null (crime);
      else
        {
          g_autofree char *crime_ids = join_ids (crime->contacts);

          g_assert_cmpstr (crime_ids, ==, route->crime);
          g_assert_cmpint (crime->summary, ==,
                           g_ascii_strcasecmp (route->country, "US") == 0
                           ? WHENCE_STEP_SUMMARY_IC3 : WHENCE_STEP_SUMMARY_POLICE);
        }

      for (guint i = 0; i < experts->not_here->len; i++)
        g_string_append_printf (not_here, "%s%s", not_here->len ? " " : "",
                                ((WhenceAgency *) g_ptr_array_index (experts->not_here, i))->id);
      for (guint i = 0; crime != NULL && i < crime->not_here->len; i++)
        g_string_append_printf (not_here, "%s%s", not_here->len ? " " : "",
                                ((WhenceAgency *) g_ptr_array_index (crime->not_here, i))->id);
      if (crime != NULL || g_ascii_strcasecmp (route->country ? route->country : "", "US") == 0)
        g_assert_cmpstr (not_here->str, ==, route->not_here);

      if (route->warn != NULL)
        g_assert_true (any_mentions (experts->warnings, route->warn)
                       || (crime != NULL && any_mentions (crime->warnings, route->warn)));

      g_assert_cmpint (find_step (steps, WHENCE_STEP_NETWORK)->summary, ==, WHENCE_STEP_SUMMARY_ARF);
    }
}

static void
test_us_texts (void)
{
  g_autoptr(GPtrArray) steps = whence_route_steps ("US", "TX", WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE);
  WhenceStep *experts = find_step (steps, WHENCE_STEP_EXPERTS);
  WhenceStep *crime = find_step (steps, WHENCE_STEP_CRIME);

  /* CISA: how to reach it. CERT/CC: said plainly that it is not the door. */
  g_assert_true (any_mentions (experts->paragraphs, "888-282-0870"));
  g_assert_true (any_mentions (experts->paragraphs, "report@cisa.gov"));
  g_assert_true (any_mentions (experts->not_here_reasons, "not the place"));
  /* IC3: former name, the checklist with the money question. */
  g_assert_true (any_mentions (crime->paragraphs, "IFCC"));
  g_assert_true (any_mentions (crime->checklist, "amount"));
  g_assert_true (any_mentions (crime->checklist, "headers"));
  /* Texas has four field offices: the person picks by county. */
  g_assert_cmpuint (crime->contacts->len, ==, 5);
  g_assert_true (any_mentions (crime->paragraphs, "county"));
}

static void
test_crime_step_rule (void)
{
  g_assert_false (whence_route_wants_crime_step (WHENCE_SITUATION_ONLY_EMAIL, FALSE));
  g_assert_true (whence_route_wants_crime_step (WHENCE_SITUATION_ONLY_EMAIL, TRUE));
  g_assert_true (whence_route_wants_crime_step (WHENCE_SITUATION_LOST_MONEY_OR_DATA, FALSE));
  g_assert_true (whence_route_wants_crime_step (WHENCE_SITUATION_THREATENED, FALSE));
}

static void
test_locale (void)
{
  static const struct { const char *locale; const char *country; } cases[] = {
    { "de_DE.UTF-8", "DE" }, { "en_GB", "GB" }, { "en_US.UTF-8", "US" },
    { "pt_BR.utf8@something", "BR" }, { "sr_RS@latin", "RS" }, { "ast_ES.UTF-8", "ES" },
    { "fr_ca", "CA" }, { "C", NULL }, { "C.UTF-8", NULL }, { "POSIX", NULL }, { "de", NULL },
    { "", NULL }, { NULL, NULL }, { "_DE", NULL }, { "en_G", NULL }, { "en_GBR", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *country = whence_country_from_locale (cases[i].locale);

      g_assert_cmpstr (country, ==, cases[i].country);
    }

  g_setenv ("LC_ALL", "nl_NL.UTF-8", TRUE);
  {
    g_autofree char *guess = whence_country_guess ();

    g_assert_cmpstr (guess, ==, "NL");
  }
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

static void
test_situation_names (void)
{
  for (WhenceSituation s = WHENCE_SITUATION_ONLY_EMAIL; s <= WHENCE_SITUATION_THREATENED; s++)
    {
      WhenceSituation back = 99;

      g_assert_true (whence_situation_from_string (whence_situation_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/routing/table", test_table);
  g_test_add_func ("/routing/us-texts", test_us_texts);
  g_test_add_func ("/routing/crime-step-rule", test_crime_step_rule);
  g_test_add_func ("/routing/locale", test_locale);
  g_test_add_func ("/routing/situation-names", test_situation_names);

  return g_test_run ();
}
