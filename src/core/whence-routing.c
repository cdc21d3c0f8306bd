/* whence-routing.c
 *
 * From a person's answers (country, US state, what happened, whether it
 * keeps happening) to the ordered pages of the report wizard, each with the
 * places to report to. Policy lives here so the wizard stays thin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-routing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "whence-routing.h"

static void
whence_step_free (WhenceStep *step)
{
  g_free (step->id);
  g_free (step->title);
  g_strfreev (step->paragraphs);
  g_clear_pointer (&step->contacts, g_ptr_array_unref);
  g_strfreev (step->checklist);
  g_clear_pointer (&step->not_here, g_ptr_array_unref);
  g_strfreev (step->not_here_reasons);
  g_strfreev (step->warnings);
  g_free (step->follow_up);
}

WhenceStep *
whence_step_ref (WhenceStep *step)
{
  return g_atomic_rc_box_acquire (step);
}

void
whence_step_unref (WhenceStep *step)
{
  g_atomic_rc_box_release_full (step, (GDestroyNotify) whence_step_free);
}

G_DEFINE_BOXED_TYPE (WhenceStep, whence_step, whence_step_ref, whence_step_unref)

const char *
whence_step_kind_to_string (WhenceStepKind kind)
{
  switch (kind)
    {
    case WHENCE_STEP_STAY_SAFE: return "stay-safe";
    case WHENCE_STEP_WHERE: return "where";
    case WHENCE_STEP_NETWORK: return "network";
    case WHENCE_STEP_EXPERTS: return "experts";
    case WHENCE_STEP_CRIME: return "crime";
    case WHENCE_STEP_DONE: return "done";
    default: return "unknown";
    }
}

static const char * const situation_names[] = {
  "only-email", "lost-money-or-data", "threatened",
};

const char *
whence_situation_to_string (WhenceSituation situation)
{
  if ((guint) situation < G_N_ELEMENTS (situation_names))
    return situation_names[situation];
  return "unknown";
}

gboolean
whence_situation_from_string (const char      *text,
                              WhenceSituation *situation)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (situation_names); i++)
    if (g_str_equal (text, situation_names[i]))
      {
        *situation = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * whence_route_wants_crime_step:
 *
 * Returns: whether the "Is it a crime?" page is shown: when money or data was
 *   lost, when the person was threatened, or when it keeps happening
 */
gboolean
whence_route_wants_crime_step (WhenceSituation situation,
                               gboolean        repeated)
{
  return repeated || situation == WHENCE_SITUATION_LOST_MONEY_OR_DATA
         || situation == WHENCE_SITUATION_THREATENED;
}

typedef struct
{
  WhenceStep   *step;
  GPtrArray    *paragraphs;
  GPtrArray    *checklist;
  GPtrArray    *reasons;
  GPtrArray    *warnings;
} StepBuilder;

static void
builder_init (StepBuilder    *b,
              WhenceStepKind  kind,
              const char     *title)
{
  b->step = g_atomic_rc_box_new0 (WhenceStep);
  b->step->kind = kind;
  b->step->id = g_strdup (whence_step_kind_to_string (kind));
  b->step->title = g_strdup (title);
  b->step->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_agency_unref);
  b->step->not_here = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_agency_unref);
  b->paragraphs = g_ptr_array_new ();
  b->checklist = g_ptr_array_new ();
  b->reasons = g_ptr_array_new ();
  b->warnings = g_ptr_array_new ();
}

static void
say (StepBuilder *b,
     const char  *text)
{
  g_ptr_array_add (b->paragraphs, g_strdup (text));
}

G_GNUC_PRINTF (2, 3)
static void
sayf (StepBuilder *b,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (b->paragraphs, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
add_contact (StepBuilder   *b,
             WhenceAgency *contact)
{
  if (contact != NULL)
    g_ptr_array_add (b->step->contacts, whence_agency_ref (contact));
}

static void
add_not_here (StepBuilder   *b,
              WhenceAgency *contact,
              const char    *reason)
{
  if (contact == NULL)
    return;
  g_ptr_array_add (b->step->not_here, whence_agency_ref (contact));
  g_ptr_array_add (b->reasons, g_strdup (reason));
}

static void
warn_lookalikes (StepBuilder *b,
                 const char  *imitated_id,
                 const char  *agency_name)
{
  GPtrArray *lookalikes = whence_contacts_get_lookalikes ();

  for (guint i = 0; lookalikes != NULL && i < lookalikes->len; i++)
    {
      WhenceLookalike *l = g_ptr_array_index (lookalikes, i);

      if (l->imitates != NULL && g_str_equal (l->imitates, imitated_id))
        g_ptr_array_add (b->warnings,
                         /* Translators: %s is a web address, then an agency name */
                         g_strdup_printf (_("Watch out for %s. It is a fake site made to look like %s. "
                                            "Use only the web address shown here."),
                                          l->domain, agency_name));
    }
}

static char **
to_strv (GPtrArray *array)
{
  char **strv;

  if (array->len == 0)
    {
      g_ptr_array_unref (array);
      return NULL;
    }
  g_ptr_array_add (array, NULL);
  strv = (char **) g_ptr_array_free (array, FALSE);
  return strv;
}

static WhenceStep *
builder_end (StepBuilder *b)
{
  WhenceStep *step = b->step;

  step->paragraphs = to_strv (b->paragraphs);
  step->checklist = to_strv (b->checklist);
  step->not_here_reasons = to_strv (b->reasons);
  step->warnings = to_strv (b->warnings);
  return step;
}

static WhenceStep *
stay_safe_step (void)
{
  StepBuilder b;

  builder_init (&b, WHENCE_STEP_STAY_SAFE, _("Stay safe"));
  say (&b, _("Do not open the attachment. Do not click the links in the email."));
  say (&b, _("It is safe to delete the email. Whence keeps a copy for you, so you do not lose the proof."));
  say (&b, _("The person named in From probably did not send it. Worms copy names from address books. "
             "If you know them, you could tell them their computer may be infected. "
             "They did nothing wrong."));
  return builder_end (&b);
}

static WhenceStep *
where_step (void)
{
  StepBuilder b;

  builder_init (&b, WHENCE_STEP_WHERE, _("Where are you?"));
  say (&b, _("Your country and what happened decide where to report."));
  say (&b, _("Your answers stay on this computer."));
  return builder_end (&b);
}

static WhenceStep *
network_step (void)
{
  StepBuilder b;

  builder_init (&b, WHENCE_STEP_NETWORK, _("Tell the network it came from"));
  say (&b, _("The company that runs the sending computer's network can warn its owner. "
             "Most have an abuse desk for this."));
  say (&b, _("Whence writes the report for you. It holds a short note and a copy of the email. "
             "Read it before you send it. Nothing is sent unless you send it."));
  say (&b, _("Abuse desks seldom answer. That is normal. If the emails keep coming, "
             "Whence can remind you to try the next contact."));
  b.step->summary = WHENCE_STEP_SUMMARY_ARF;
  return builder_end (&b);
}

static WhenceStep *
experts_step (const char *country)
{
  StepBuilder b;
  WhenceAgency *csirt;

  builder_init (&b, WHENCE_STEP_EXPERTS, _("Tell the experts"));

  if (g_ascii_strcasecmp (country, "US") == 0)
    {
      WhenceAgency *cisa = whence_contacts_get_agency ("cisa");

      say (&b, _("In the United States, CISA is the national team for computer attacks. "
                 "It collects reports so it can warn others."));
      if (cisa != NULL && cisa->url != NULL && cisa->phone != NULL && cisa->email != NULL)
        /* Translators: a web address, a phone number and an email address */
        sayf (&b, _("You can report on the web at %s, call %s at any hour, or write to %s."),
              cisa->url, cisa->phone, cisa->email);
      add_contact (&b, cisa);
      add_not_here (&b, whence_contacts_get_agency ("cert-cc"),
                    _("Many guides still send people to CERT/CC. Today CERT/CC helps fix flaws "
                      "in software. It is not the place to report an email you got."));
      warn_lookalikes (&b, "cisa", "CISA");
      return builder_end (&b);
    }

  csirt = whence_contacts_get_csirt (country);
  if (csirt != NULL)
    {
      say (&b, _("Your country has a national team for computer attacks. "
                 "It collects reports so it can warn others."));
      add_contact (&b, csirt);
    }
  else
    say (&b, _("We do not know your country's national team for computer attacks. "
               "Search for it on your government's website. "
               "You can skip this step."));
  return builder_end (&b);
}

static void
crime_step_us (StepBuilder     *b,
               const char      *us_state,
               WhenceSituation  situation,
               gboolean         repeated)
{
  WhenceAgency *ic3 = whence_contacts_get_agency ("ic3");
  g_autoptr(GPtrArray) offices = NULL;

  say (b, _("IC3 is the FBI's center for crime on the internet. It used to be called the IFCC. "
            "It takes reports on its website, not by email."));
  say (b, _("It takes reports about crime on the internet, such as scams, fraud, break-ins and threats. "
            "You can report for yourself or for someone else."));
  say (b, _("IC3 does not tell you what happens next. It sends reports on to the police who can act."));
  if (ic3 != NULL)
    add_contact (b, ic3);

  g_ptr_array_add (b->checklist, g_strdup (_("Your name, address, phone number and email")));
  if (situation == WHENCE_SITUATION_LOST_MONEY_OR_DATA)
    g_ptr_array_add (b->checklist, g_strdup (_("Each payment: the date, the amount, and who got the money")));
  g_ptr_array_add (b->checklist, g_strdup (_("What you know about the sender: name, email, website, internet address")));
  g_ptr_array_add (b->checklist, g_strdup (_("What happened, in your own words")));
  g_ptr_array_add (b->checklist, g_strdup (_("The email's headers (Whence can copy them for you)")));
  g_ptr_array_add (b->checklist, g_strdup (_("Keep the original email. The police may ask for it.")));

  if (situation == WHENCE_SITUATION_THREATENED || repeated)
    say (b, _("If someone threatens you or keeps targeting you, also call your FBI field office."));
  else
    say (b, _("Your FBI field office can also help."));
  say (b, _("If you are in danger now, call 911."));

  offices = whence_contacts_find_field_offices (us_state);
  if (us_state == NULL || offices->len == 0)
    say (b, _("Choose your state to see your field office."));
  for (guint i = 0; i < offices->len; i++)
    add_contact (b, g_ptr_array_index (offices, i));
  if (offices->len > 1)
    say (b, _("Your state has more than one field office. Pick the one that lists your county."));

  add_not_here (b, whence_contacts_get_agency ("interpol-us-ncb"),
                _("INTERPOL Washington works only with police. It does not take reports from people."));
  b->step->summary = WHENCE_STEP_SUMMARY_IC3;
}

static void
crime_step_elsewhere (StepBuilder *b,
                      const char  *country)
{
  GPtrArray *services = whence_contacts_get_reporting (country);
  gboolean have_confirmed = FALSE;

  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      WhenceAgency *s = g_ptr_array_index (services, i);

      have_confirmed |= s->confirmed;
      add_contact (b, s);
    }

  if (services != NULL && services->len > 0)
    say (b, _("Report it to the police, or to your country's reporting service below. "
              "Keep the email: the police may ask for it."));
  else
    say (b, _("Report it to the police. Any police station can take your report. "
              "Bring the email or the file Whence saves for you."));
  if (services != NULL && services->len > 0 && !have_confirmed)
    say (b, _("We could not confirm these services. Check them on your government's website first."));
  if (whence_contacts_is_eu_member (country))
    {
      WhenceAgency *europol = whence_contacts_get_europol_list ();

      say (b, _("Europol keeps a list of the police reporting sites in each EU country."));
      add_contact (b, europol);
    }
  say (b, _("If you are in danger now, call your emergency number."));

  add_not_here (b, whence_contacts_get_interpol (),
                _("INTERPOL does not take reports from people. Your police reach it through their "
                  "National Central Bureau when a crime crosses borders."));
  warn_lookalikes (b, "interpol", "INTERPOL");
  b->step->summary = WHENCE_STEP_SUMMARY_POLICE;
}

static WhenceStep *
crime_step (const char      *country,
            const char      *us_state,
            WhenceSituation  situation,
            gboolean         repeated)
{
  StepBuilder b;

  builder_init (&b, WHENCE_STEP_CRIME, _("Is it a crime?"));
  if (g_ascii_strcasecmp (country, "US") == 0)
    crime_step_us (&b, us_state, situation, repeated);
  else
    crime_step_elsewhere (&b, country);
  return builder_end (&b);
}

static WhenceStep *
done_step (gboolean crime)
{
  StepBuilder b;

  builder_init (&b, WHENCE_STEP_DONE, _("Done"));
  say (&b, _("Whence saved this case: the original email, what was found, and where you reported it."));
  say (&b, _("Abuse desks seldom answer. Most reports still help."));
  if (crime)
    say (&b, _("The police may take a long time. IC3 does not give updates."));
  b.step->follow_up = g_strdup (_("Whence will remind you to check for an answer. If nothing has changed, "
                                  "it shows the next place to try."));
  return builder_end (&b);
}

/**
 * whence_route_steps:
 * @country: ISO 3166 two-letter code (any case); %NULL or unknown codes get
 *   the general advice
 * @us_state: (nullable): USPS code when @country is "US"
 * @situation: what happened
 * @repeated: whether it keeps happening
 *
 * The wizard's pages in order: stay safe, where, network, experts, crime
 * (only when whence_route_wants_crime_step()), done. Reads the bundled
 * contact data on first use.
 *
 * Returns: (transfer container) (element-type WhenceStep): the steps
 */
GPtrArray *
whence_route_steps (const char      *country,
                    const char      *us_state,
                    WhenceSituation  situation,
                    gboolean         repeated)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_step_unref);
  gboolean crime = whence_route_wants_crime_step (situation, repeated);

  if (country == NULL)
    country = "";

  g_ptr_array_add (steps, stay_safe_step ());
  g_ptr_array_add (steps, where_step ());
  g_ptr_array_add (steps, network_step ());
  g_ptr_array_add (steps, experts_step (country));
  if (crime)
    g_ptr_array_add (steps, crime_step (country, us_state, situation, repeated));
  g_ptr_array_add (steps, done_step (crime));

  return steps;
}

/**
 * whence_country_from_locale:
 * @locale: a POSIX locale name such as "de_DE.UTF-8" or "sr_RS@latin"
 *
 * Returns: (transfer full) (nullable): the upper-case territory ("DE"), or
 *   %NULL when the locale names none ("C", "POSIX", "de")
 */
char *
whence_country_from_locale (const char *locale)
{
  const char *underscore;
  char code[3];

  if (locale == NULL)
    return NULL;

  underscore = strchr (locale, '_');
  if (underscore == NULL)
    return NULL;

  /* The language before the territory is two or three letters. */
  if (underscore - locale < 2 || underscore - locale > 3)
    return NULL;

  if (!g_ascii_isalpha (underscore[1]) || !g_ascii_isalpha (underscore[2])
      || (underscore[3] != '\0' && underscore[3] != '.' && underscore[3] != '@'))
    return NULL;

  code[0] = g_ascii_toupper (underscore[1]);
  code[1] = g_ascii_toupper (underscore[2]);
  code[2] = '\0';
  return g_strdup (code);
}

/**
 * whence_country_guess:
 *
 * The default country from the person's language settings (LC_ALL,
 * LC_MESSAGES, LANG, as the C library reads them).
 *
 * Returns: (transfer full) (nullable): a two-letter code or %NULL
 */
char *
whence_country_guess (void)
{
  const char * const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *value = g_getenv (vars[i]);

      if (value != NULL && *value != '\0')
        return whence_country_from_locale (value);
    }

  return whence_country_from_locale (setlocale (LC_MESSAGES, NULL));
}
