/* whence-wizard.c
 *
 * "Report It…": one plain step at a time, from "what do I do now?" to the
 * places that should hear about the email. The steps and their contacts come
 * from the core routing (whence-routing.c); this file only shows them, keeps
 * the case file up to date, and opens nothing until the person presses a
 * button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "whence-arf.h"
#include "whence-json.h"
#include "whence-network-card.h"
#include "whence-summary.h"
#include "whence-ui-util.h"
#include "whence-wizard.h"
#include "whence-wizard-private.h"

struct _WhenceWizard
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;

  /* Owned */
  WhenceMessage       *message;
  WhenceTrace         *trace;
  WhenceCaseStore     *store;
  GSettings           *settings;
  gint64               case_id;
  char                *repeat_text;
  GPtrArray           *steps;          /* WhenceStep */
  guint                position;
  char                *subtitle;

  /* Answers */
  char                *country;        /* "" for another country */
  char                *us_state;
  WhenceSituation      situation;
  GStrv                country_codes;  /* in the country row's order */
  GtkDropDown         *country_drop;
  GtkDropDown         *state_drop;
  GtkWidget           *state_row;
  GtkDropDown         *situation_drop;
  gboolean             setting_answers;

  /* The network step */
  WhenceNetworkCard   *network_card;
  WhenceLookup        *lookup;
  GCancellable        *cancellable;
  WhenceLookupResult  *lookup_result;
  GtkWidget           *ladder_slot;
  GtkLabel            *summary_label;
  GtkTextBuffer       *arf_buffer;
  WhenceReportFacts   *facts;
  GBytes              *arf;
  char                *summary;
  GtkWidget           *send_button;    /* (weak) */
  gboolean             sending;        /* until the email app has it, or it failed */

  /* What the person did, for the last step */
  GPtrArray           *done_log;       /* char* */
  guint                n_reports;

  WhenceWizardLaunchFunc launch_func;
  gpointer             launch_data;
};

G_DEFINE_FINAL_TYPE (WhenceWizard, whence_wizard, ADW_TYPE_WINDOW)

static const struct { const char *code; const char *name; } us_state_names[] = {
  { "AL", "Alabama" }, { "AK", "Alaska" }, { "AS", "American Samoa" }, { "AZ", "Arizona" },
  { "AR", "Arkansas" }, { "CA", "California" }, { "CO", "Colorado" }, { "CT", "Connecticut" },
  { "DE", "Delaware" }, { "DC", "District of Columbia" }, { "FL", "Florida" }, { "GA", "Georgia" },
  { "GU", "Guam" }, { "HI", "Hawaii" }, { "ID", "Idaho" }, { "IL", "Illinois" }, { "IN", "Indiana" },
  { "IA", "Iowa" }, { "KS", "Kansas" }, { "KY", "Kentucky" }, { "LA", "Louisiana" }, { "ME", "Maine" },
  { "MD", "Maryland" }, { "MA", "Massachusetts" }, { "MI", "Michigan" }, { "MN", "Minnesota" },
  { "MS", "Mississippi" }, { "MO", "Missouri" }, { "MT", "Montana" }, { "NE", "Nebraska" },
  { "NV", "Nevada" }, { "NH", "New Hampshire" }, { "NJ", "New Jersey" }, { "NM", "New Mexico" },
  { "NY", "New York" }, { "NC", "North Carolina" }, { "ND", "North Dakota" },
  { "MP", "Northern Mariana Islands" }, { "OH", "Ohio" }, { "OK", "Oklahoma" }, { "OR", "Oregon" },
  { "PA", "Pennsylvania" }, { "PR", "Puerto Rico" }, { "RI", "Rhode Island" },
  { "SC", "South Carolina" }, { "SD", "South Dakota" }, { "TN", "Tennessee" }, { "TX", "Texas" },
  { "UT", "Utah" }, { "VT", "Vermont" }, { "VI", "U.S. Virgin Islands" }, { "VA", "Virginia" },
  { "WA", "Washington" }, { "WV", "West Virginia" }, { "WI", "Wisconsin" }, { "WY", "Wyoming" },
};

static const char *
us_state_name (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (us_state_names); i++)
    if (g_strcmp0 (us_state_names[i].code, code) == 0)
      return us_state_names[i].name;
  return code;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
toast (WhenceWizard *self,
       const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
log_done (WhenceWizard *self,
          char         *text)
{
  g_ptr_array_add (self->done_log, text);
}

/* Everything that leaves Whence goes through here, and only from a button. */
static gboolean
launch (WhenceWizard *self,
        const char   *what,
        const char   *uri)
{
  g_autoptr(GError) error = NULL;

  if (self->launch_func != NULL)
    return self->launch_func (self, what, uri, self->launch_data);

  if (g_str_equal (what, "link"))
    {
      gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
      return TRUE;
    }

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    {
      g_debug ("Could not open %s: %s", uri, error->message);
      return FALSE;
    }
  return TRUE;
}

/* Page building blocks */

static GtkWidget *
page_new (const char  *title,
          GtkWidget  **box_out)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *heading = gtk_label_new (title);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);

  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-1");
  gtk_box_append (GTK_BOX (box), heading);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  *box_out = box;
  return scroller;
}

static GtkWidget *
paragraph_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

static void
add_paragraphs (GtkWidget  *box,
                char      **paragraphs)
{
  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    gtk_box_append (GTK_BOX (box), paragraph_new (paragraphs[i]));
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static void
on_open_link_clicked (GtkButton    *button,
                      WhenceWizard *self)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "whence-uri");
  const char *name = g_object_get_data (G_OBJECT (button), "whence-name");

  if (launch (self, "link", uri))
    /* Translators: %s is the name of an agency, as in "Opened the website of IC3" */
    log_done (self, g_strdup_printf (_("Opened the website of %s"), name));
}

static GtkWidget *
link_button_new (WhenceWizard *self,
                 const char   *uri,
                 const char   *name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open"));
  /* Translators: %s is the name of an agency */
  g_autofree char *accessible = g_strdup_printf (_("Open the website of %s"), name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "whence-uri", g_strdup (uri), g_free);
  g_object_set_data_full (G_OBJECT (button), "whence-name", g_strdup (name), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_open_link_clicked), self, 0);
  return button;
}

static char *
checked_text (const WhenceAgency *agency)
{
  const char *date = agency->checked_on != NULL ? agency->checked_on : _("an unknown date");

  if (agency->confirmed)
    /* Translators: %s is a date such as 2026-11-20 */
    return g_strdup_printf (_("Checked on %s; confirm on the official site."), date);
  /* Translators: %s is a date such as 2026-11-20 */
  return g_strdup_printf (_("Not confirmed. Looked at on %s. Check the official site before you use it."), date);
}

static GtkWidget *
agency_group_new (WhenceWizard       *self,
                  const WhenceAgency *agency,
                  const char         *us_state)
{
  g_autofree char *checked = checked_text (agency);
  GtkWidget *group = group_new (agency->name, checked);
  gboolean state_confirmed = TRUE;

  gtk_widget_set_name (group, agency->id);
  if (!agency->confirmed)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Not confirmed"),
                                                        _("No official source backed this entry."),
                                                        "dialog-warning-symbolic"));

  if (us_state != NULL && agency->states != NULL
      && whence_agency_covers_state (agency, us_state, &state_confirmed) && !state_confirmed)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Not sure it covers your area"),
                                                        _("Check the list of places it covers on its website."),
                                                        "dialog-warning-symbolic"));

  if (!is_blank (agency->url))
    {
      GtkWidget *row = whence_wrapping_row_new (_("Website"), agency->url, "web-browser-symbolic");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), link_button_new (self, agency->url, agency->name));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (!is_blank (agency->phone))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Phone"), agency->phone, "call-start-symbolic"));
  if (!is_blank (agency->email))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Email"), agency->email, "mail-unread-symbolic"));
  if (!is_blank (agency->address))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Address"), agency->address, "mark-location-symbolic"));
  if (!is_blank (agency->coverage))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Area it covers"), agency->coverage, "mark-location-symbolic"));
  return group;
}

/* Many places of one kind (a police site per German state): one row each,
 * so the page stays short enough to read. */
static GtkWidget *
agency_list_new (WhenceWizard *self,
                 GPtrArray    *agencies)
{
  GtkWidget *group;
  gboolean all_confirmed = TRUE;

  for (guint i = 0; i < agencies->len; i++)
    all_confirmed &= ((WhenceAgency *) g_ptr_array_index (agencies, i))->confirmed;

  group = group_new (_("Places to report"),
                     all_confirmed ? _("Confirm each one on its official site before you use it.")
                                   : _("Some of these are not confirmed. Check them on the official "
                                       "site before you use them."));
  for (guint i = 0; i < agencies->len; i++)
    {
      WhenceAgency *agency = g_ptr_array_index (agencies, i);
      g_autofree char *checked = checked_text (agency);
      g_autoptr(GString) details = g_string_new (NULL);
      GtkWidget *row;

      if (!is_blank (agency->url))
        g_string_append_printf (details, "%s\n", agency->url);
      if (!is_blank (agency->phone))
        {
          /* Translators: %s is a phone number */
          g_string_append_printf (details, _("Phone: %s"), agency->phone);
          g_string_append_c (details, '\n');
        }
      if (!is_blank (agency->email))
        {
          /* Translators: %s is an email address */
          g_string_append_printf (details, _("Email: %s"), agency->email);
          g_string_append_c (details, '\n');
        }
      g_string_append (details, checked);

      row = whence_wrapping_row_new (agency->name, details->str,
                                     agency->confirmed ? "object-select-symbolic" : "dialog-warning-symbolic");
      gtk_widget_set_name (row, agency->id);
      if (!is_blank (agency->url))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), link_button_new (self, agency->url, agency->name));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
on_copy_text_clicked (GtkButton    *button,
                      WhenceWizard *self)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (button), "whence-buffer");
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Copied. You can paste it into the form now."));
}

static GtkWidget *
text_view_new (const char *text,
               const char *accessible_name,
               gboolean    monospace)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), monospace);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  g_object_set_data (G_OBJECT (frame), "whence-view", view);
  return frame;
}

static GtkWidget *
copy_button_new (WhenceWizard  *self,
                 GtkTextBuffer *buffer,
                 const char    *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Copy"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "whence-buffer", buffer);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_copy_text_clicked), self, 0);
  return button;
}

static char *
dup_step_summary (WhenceWizard *self,
                  WhenceStep   *step)
{
  g_autofree char *headers = whence_message_dup_raw_headers (self->message);

  switch (step->summary)
    {
    case WHENCE_STEP_SUMMARY_IC3:
      return whence_summary_for_ic3 (self->facts, headers);
    case WHENCE_STEP_SUMMARY_POLICE:
      return whence_summary_for_police (self->facts, headers);
    case WHENCE_STEP_SUMMARY_ARF:
    case WHENCE_STEP_SUMMARY_NONE:
    default:
      return NULL;
    }
}

/* The experts and crime steps: the routing's words and contacts. */
static GtkWidget *
contacts_page_new (WhenceWizard *self,
                   WhenceStep   *step)
{
  GtkWidget *box;
  GtkWidget *page = page_new (step->title, &box);
  g_autofree char *summary = dup_step_summary (self, step);

  add_paragraphs (box, step->paragraphs);

  if (step->contacts->len > 4)
    gtk_box_append (GTK_BOX (box), agency_list_new (self, step->contacts));
  else
    for (guint i = 0; i < step->contacts->len; i++)
      gtk_box_append (GTK_BOX (box),
                      agency_group_new (self, g_ptr_array_index (step->contacts, i), self->us_state));

  if (step->warnings != NULL)
    {
      GtkWidget *group = group_new (_("Be careful"), NULL);

      for (guint i = 0; step->warnings[i] != NULL; i++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   whence_wrapping_row_new (step->warnings[i], NULL, "dialog-warning-symbolic"));
      gtk_widget_add_css_class (group, "warning");
      gtk_box_append (GTK_BOX (box), group);
    }

  if (step->checklist != NULL)
    {
      GtkWidget *group = group_new (_("Have this ready"), NULL);

      for (guint i = 0; step->checklist[i] != NULL; i++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   whence_wrapping_row_new (step->checklist[i], NULL, "object-select-symbolic"));
      gtk_box_append (GTK_BOX (box), group);
    }

  if (summary != NULL)
    {
      GtkWidget *group = group_new (_("What happened, ready to paste"),
                                    _("Paste this into the form where it asks what happened."));
      GtkWidget *frame = text_view_new (summary, _("What happened, ready to paste"), FALSE);
      GtkTextView *view = g_object_get_data (G_OBJECT (frame), "whence-view");

      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                               copy_button_new (self, gtk_text_view_get_buffer (view),
                                                                _("Copy what happened")));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
      gtk_box_append (GTK_BOX (box), group);
    }

  if (step->not_here->len > 0)
    {
      GtkWidget *group = group_new (_("Not the place for this"), NULL);

      for (guint i = 0; i < step->not_here->len; i++)
        {
          WhenceAgency *agency = g_ptr_array_index (step->not_here, i);
          const char *reason = step->not_here_reasons != NULL ? step->not_here_reasons[i] : NULL;

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                     whence_wrapping_row_new (agency->name, reason, "action-unavailable-symbolic"));
        }
      gtk_box_append (GTK_BOX (box), group);
    }

  return page;
}

static GtkWidget *
stay_safe_page_new (WhenceWizard *self,
                    WhenceStep   *step)
{
  GtkWidget *box;
  GtkWidget *page = page_new (step->title, &box);
  GtkWidget *group = group_new (NULL, NULL);
  static const char *icons[] = { "action-unavailable-symbolic", "user-trash-symbolic", "avatar-default-symbolic" };

  /* Each piece of advice as its own row: easier to take in than a wall of text. */
  for (guint i = 0; step->paragraphs != NULL && step->paragraphs[i] != NULL; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (step->paragraphs[i], NULL,
                                                        i < G_N_ELEMENTS (icons) ? icons[i] : NULL));
  gtk_box_append (GTK_BOX (box), group);

  if (self->case_id > 0)
    gtk_box_append (GTK_BOX (box),
                    paragraph_new (_("Whence has saved a copy of the email in Cases. "
                                     "You can close this window at any time and come back later.")));
  return page;
}

/* "Where are you?" */

static void rebuild_steps (WhenceWizard *self);

static void
read_answers (WhenceWizard *self)
{
  guint country = gtk_drop_down_get_selected (self->country_drop);
  guint state = gtk_drop_down_get_selected (self->state_drop);
  const char * const *states = whence_us_states_and_territories ();

  g_free (self->country);
  self->country = g_strdup (country < g_strv_length (self->country_codes) ? self->country_codes[country] : "");
  g_free (self->us_state);
  self->us_state = state < g_strv_length ((char **) states) ? g_strdup (states[state]) : NULL;
  self->situation = (WhenceSituation) gtk_drop_down_get_selected (self->situation_drop);
  gtk_widget_set_visible (self->state_row, g_str_equal (self->country, "US"));
}

static void
on_answer_changed (WhenceWizard *self)
{
  if (self->setting_answers)
    return;
  read_answers (self);
  rebuild_steps (self);
}

typedef struct
{
  const char *code;
  char       *label;
} CountryChoice;

/* In the person's language where iso-codes translates the name Whence's
 * data gives; else that English name (which reads better than the ISO one
 * for the few that differ, such as "Russia"). */
static char *
country_label (const char *code)
{
  const char *english = whence_contacts_get_country_name (code);

  return g_strdup (english != NULL ? g_dgettext ("iso_3166-1", english) : code);
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const CountryChoice *ca = a;
  const CountryChoice *cb = b;

  return g_utf8_collate (ca->label, cb->label);
}

static void
setup_choice_label (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (choice));
}

static GtkListItemFactory *
choice_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_label), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_label), NULL);
  return factory;
}

/* AdwComboRow cannot search before libadwaita 1.4, which a long list of
 * countries needs, and in GTK 4.8 its list items reach screen readers with no
 * name: a GtkDropDown named after its row serves both. */
static GtkWidget *
drop_down_row_new (const char     *title,
                   GtkStringList  *model,
                   gboolean        searchable,
                   GtkDropDown   **drop_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), expression);
  g_autoptr(GtkListItemFactory) shown = choice_factory_new (TRUE);
  g_autoptr(GtkListItemFactory) listed = choice_factory_new (FALSE);

  /* The chosen answer shortens in a narrow window; the list shows it whole. */
  gtk_drop_down_set_factory (GTK_DROP_DOWN (drop), shown);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (drop), listed);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop), searchable);
  gtk_widget_add_css_class (drop, "flat");
  gtk_widget_set_valign (drop, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), drop);
  *drop_out = GTK_DROP_DOWN (drop);
  return row;
}

static GtkWidget *
where_page_new (WhenceWizard *self,
                WhenceStep   *step)
{
  GtkWidget *box;
  GtkWidget *page = page_new (step->title, &box);
  GtkWidget *group = group_new (NULL, NULL);
  g_autoptr(GtkStringList) countries = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) situations = gtk_string_list_new (NULL);
  g_auto(GStrv) codes = whence_contacts_dup_country_codes ();
  g_autoptr(GArray) choices = g_array_new (FALSE, FALSE, sizeof (CountryChoice));
  guint n;

  add_paragraphs (box, step->paragraphs);

  /* Sorted as the person reads them; "Another country" last. */
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      CountryChoice choice = { codes[i], country_label (codes[i]) };

      g_array_append_val (choices, choice);
    }
  g_array_sort (choices, compare_choices);
  n = choices->len;
  g_strfreev (self->country_codes);
  self->country_codes = g_new0 (char *, n + 2);
  for (guint i = 0; i < n; i++)
    {
      CountryChoice *choice = &g_array_index (choices, CountryChoice, i);

      gtk_string_list_append (countries, choice->label);
      self->country_codes[i] = g_strdup (choice->code);
      g_free (choice->label);
    }
  gtk_string_list_append (countries, _("Another country"));
  self->country_codes[n] = g_strdup ("");

  for (const char * const *s = whence_us_states_and_territories (); *s != NULL; s++)
    gtk_string_list_append (states, us_state_name (*s));

  gtk_string_list_append (situations, _("I only got the email"));
  gtk_string_list_append (situations, _("I lost money or data"));
  gtk_string_list_append (situations, _("I was threatened or targeted again and again"));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             drop_down_row_new (_("Country"), countries, TRUE, &self->country_drop));
  self->state_row = drop_down_row_new (_("State"), states, TRUE, &self->state_drop);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->state_row);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             drop_down_row_new (_("What happened?"), situations, FALSE,
                                                &self->situation_drop));

  gtk_box_append (GTK_BOX (box), group);

  if (self->repeat_text != NULL)
    {
      GtkWidget *repeat = group_new (_("This keeps happening"), NULL);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (repeat),
                                 whence_wrapping_row_new (self->repeat_text,
                                                          _("If someone is targeting you, choose “I was threatened "
                                                            "or targeted again and again”."),
                                                          "view-refresh-symbolic"));
      gtk_box_append (GTK_BOX (box), repeat);
    }

  return page;
}

static void
select_answers (WhenceWizard    *self,
                const char      *country,
                const char      *us_state,
                WhenceSituation  situation)
{
  guint n = g_strv_length (self->country_codes);
  guint country_index = n - 1;   /* "Another country" */
  const char * const *states = whence_us_states_and_territories ();

  for (guint i = 0; country != NULL && i + 1 < n; i++)
    if (g_ascii_strcasecmp (self->country_codes[i], country) == 0)
      country_index = i;

  self->setting_answers = TRUE;
  gtk_drop_down_set_selected (self->country_drop, country_index);
  for (guint i = 0; us_state != NULL && states[i] != NULL; i++)
    if (g_ascii_strcasecmp (states[i], us_state) == 0)
      gtk_drop_down_set_selected (self->state_drop, i);
  gtk_drop_down_set_selected (self->situation_drop, situation);
  self->setting_answers = FALSE;
  read_answers (self);
}

/* "Tell the network it came from" */

static GStrv
dup_next_rungs (WhenceWizard *self)
{
  GPtrArray *ladder = self->lookup_result != NULL ? whence_lookup_result_get_escalation (self->lookup_result) : NULL;
  g_autoptr(GStrvBuilder) rungs = g_strv_builder_new ();

  /* The first rung is the abuse desk itself. */
  for (guint i = 1; ladder != NULL && i < ladder->len; i++)
    {
      WhenceEscalationStep *step = g_ptr_array_index (ladder, i);

      g_autofree char *rung = g_strdup_printf ("%s: %s", step->who, step->address);

      g_strv_builder_add (rungs, rung);
    }
  return g_strv_builder_end (rungs);
}

static void
update_report (WhenceWizard *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->arf, g_bytes_unref);
  self->arf = whence_arf_build (self->message, self->facts, whence_wizard_get_abuse_address (self), NULL, &error);
  if (self->arf == NULL)
    {
      g_warning ("Could not write the report: %s", error->message);
      gtk_text_buffer_set_text (self->arf_buffer, error->message, -1);
      return;
    }
  /* The ARF report is text; invalid bytes from a broken email are shown as "?". */
  {
    g_autofree char *text = g_utf8_make_valid (g_bytes_get_data (self->arf, NULL), g_bytes_get_size (self->arf));

    gtk_text_buffer_set_text (self->arf_buffer, text, -1);
  }
}

static void
update_ladder (WhenceWizard *self)
{
  GtkWidget *group;
  GPtrArray *ladder = NULL;
  GtkWidget *old = gtk_widget_get_first_child (self->ladder_slot);

  if (old != NULL)
    gtk_box_remove (GTK_BOX (self->ladder_slot), old);

  if (self->lookup_result != NULL && whence_lookup_result_get_error (self->lookup_result) == NULL)
    ladder = whence_lookup_result_get_escalation (self->lookup_result);

  if (ladder == NULL || ladder->len == 0)
    {
      group = group_new (_("Where to send it"),
                         _("Whence needs the look-up above to find the address of the abuse desk. "
                           "Without it, you can still save the report and send it later."));
      gtk_box_append (GTK_BOX (self->ladder_slot), group);
      return;
    }

  group = group_new (_("Where to send it"),
                     _("Send it to the first address. If nobody acts, try the next one in a few weeks."));
  for (guint i = 0; i < ladder->len; i++)
    {
      WhenceEscalationStep *step = g_ptr_array_index (ladder, i);
      /* Translators: %u is a number: 1 is where to start */
      g_autofree char *who = g_strdup_printf (_("%u. %s"), i + 1, step->who);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 whence_wrapping_row_new (who, step->address,
                                                          i == 0 ? "mail-send-symbolic" : "go-next-symbolic"));
    }
  gtk_box_append (GTK_BOX (self->ladder_slot), group);
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WhenceWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceLookupResult) answer = whence_lookup_ip_finish (WHENCE_LOOKUP (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      whence_network_card_set_failed (self->network_card, error->message);
      return;
    }
  whence_wizard_set_lookup_result (self, answer);
}

static void
on_lookup_requested (WhenceNetworkCard *card,
                     const char        *ip,
                     WhenceWizard      *self)
{
  /* The card only asks after the person agreed, or chose "always". */
  if (self->lookup == NULL)
    self->lookup = whence_lookup_new ();
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  whence_lookup_ip_async (self->lookup, ip, WHENCE_LOOKUP_CONSENT_GIVEN, WHENCE_LOOKUP_FLAGS_NONE,
                          self->cancellable, on_lookup_done, g_object_ref (self));
}

static char *
write_report_file (WhenceWizard  *self,
                   GError       **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "whence", "reports", NULL);
  g_autofree char *hash = whence_sha256_hex (self->arf);
  g_autofree char *name = g_strdup_printf ("report-%.16s.eml", hash);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not make the folder %s."), dir);
      return NULL;
    }
  if (!g_file_set_contents_full (path, g_bytes_get_data (self->arf, NULL), g_bytes_get_size (self->arf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&path);
}

static char *
report_subject (WhenceWizard *self)
{
  /* In English, like the report: abuse desks read English. */
  if (self->facts->source_ip != NULL)
    return g_strdup_printf ("Abuse report: email sent from %s", self->facts->source_ip);
  return g_strdup ("Abuse report: unwanted email");
}

static char *
mailto_uri (WhenceWizard *self)
{
  g_autofree char *subject = report_subject (self);
  g_autofree char *to = g_uri_escape_string (whence_wizard_get_abuse_address (self) ?: "", "@", FALSE);
  g_autofree char *esubject = g_uri_escape_string (subject, NULL, FALSE);
  g_autofree char *body = g_uri_escape_string (self->summary, NULL, FALSE);

  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", to, esubject, body);
}

static void
record_report (WhenceWizard *self,
               const char   *method,
               const char   *how_words)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(GStrv) rungs = dup_next_rungs (self);
  const char *to = whence_wizard_get_abuse_address (self);
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && self->case_id > 0
      && whence_case_store_add_report (self->store, self->case_id, to != NULL ? to : "abuse desk",
                                       method, now, (const char * const *) rungs, &error) < 0)
    g_warning ("Could not note the report in the case file: %s", error->message);

  self->n_reports++;
  if (to != NULL)
    /* Translators: first %s is an email address, second says how ("with your email app") */
    log_done (self, g_strdup_printf (_("Wrote to %s %s"), to, how_words));
  else
    /* Translators: %s says how ("with your email app") */
    log_done (self, g_strdup_printf (_("Wrote the report %s"), how_words));
}

/* One send at a time: the portal may take a moment to start, and a second
 * press would open a second email. */
static void
set_sending (WhenceWizard *self,
             gboolean      sending)
{
  self->sending = sending;
  if (self->send_button != NULL)
    gtk_widget_set_sensitive (self->send_button, !sending);
}

/* No Email portal, or it failed: a plain mailto: link with the text,
 * without the attachment. */
static void
send_text_only (WhenceWizard *self)
{
  g_autofree char *uri = mailto_uri (self);

  if (launch (self, "email", uri))
    {
      record_report (self, "email app, text only", _("with your email app"));
      toast (self, _("Your email app has the text of the report. Check it, then send it."));
    }
  else
    toast (self, _("No email app was found. Save the report and send it yourself."));
  set_sending (self, FALSE);
}

static void
on_compose_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WhenceWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (xdp_portal_compose_email_finish (XDP_PORTAL (source), result, &error))
    {
      record_report (self, "email app", _("with your email app"));
      toast (self, _("Your email app has the report. Check it, then send it."));
      set_sending (self, FALSE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_sending (self, FALSE);
      return;
    }

  g_debug ("Email portal failed: %s", error->message);
  send_text_only (self);
}

static void
compose_with_portal (WhenceWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(XdpPortal) portal = NULL;
  XdpParent *parent;
  const char *to = whence_wizard_get_abuse_address (self);
  const char *addresses[] = { to, NULL };
  const char *attachments[] = { NULL, NULL };

  path = write_report_file (self, &error);
  if (path == NULL)
    {
      /* The email app can still have the text. */
      g_debug ("Could not write the report for the email app: %s", error->message);
      send_text_only (self);
      return;
    }
  attachments[0] = path;
  subject = report_subject (self);
  portal = xdp_portal_new ();
  parent = xdp_parent_new_gtk (GTK_WINDOW (self));
  xdp_portal_compose_email (portal, parent, to != NULL ? addresses : NULL, NULL, NULL,
                            subject, self->summary, attachments, XDP_EMAIL_FLAG_NONE,
                            NULL, on_compose_done, g_object_ref (self));
  xdp_parent_free (parent);
}

static void
on_email_portal_checked (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(WhenceWizard) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_debug ("No Email portal: %s", error->message);
      send_text_only (self);
      return;
    }
  compose_with_portal (self);
}

static void
on_send_clicked (WhenceWizard *self)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (self->arf == NULL || self->sending)
    return;
  set_sending (self, TRUE);

  /* libportal 0.6 asks the portal its version synchronously and, with no
   * portal on the bus, goes on with an unset version after two criticals.
   * Ask first, without blocking: no portal means the mailto: fallback. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_debug ("No session bus: %s", error->message);
      send_text_only (self);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.portal.Email", "version"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_email_portal_checked, g_object_ref (self));
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(WhenceWizard) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->arf != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (g_file_replace_contents (file, g_bytes_get_data (self->arf, NULL), g_bytes_get_size (self->arf),
                                   NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
        {
          toast (self, _("Report saved"));
          log_done (self, g_strdup (_("Saved the report to a file")));
        }
      else
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
on_save_clicked (WhenceWizard *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "abuse-report.eml");
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_copy_report_clicked (WhenceWizard *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (self->arf_buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->arf_buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Report copied"));
}

static GtkWidget *
action_button_new (const char *mnemonic,
                   const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  /* A long translation wraps in a narrow window instead of widening it. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "pill");
  return button;
}

static GtkWidget *
network_page_new (WhenceWizard *self,
                  WhenceStep   *step)
{
  GtkWidget *box;
  GtkWidget *page = page_new (step->title, &box);
  GtkWidget *group;
  GtkWidget *frame;
  GtkWidget *expander;
  GtkWidget *buttons;
  GtkWidget *row;
  GtkWidget *button;
  const WhenceOrigin *origin = whence_trace_get_origin (self->trace);

  add_paragraphs (box, step->paragraphs);

  self->network_card = WHENCE_NETWORK_CARD (whence_network_card_new ());
  g_signal_connect_object (self->network_card, "lookup-requested", G_CALLBACK (on_lookup_requested), self, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->network_card));

  self->ladder_slot = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), self->ladder_slot);
  update_ladder (self);

  group = group_new (_("The report"), _("Read it before it goes. It is written in English, "
                                        "the language abuse desks read."));
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();
    GtkWidget *frame_box = gtk_frame_new (NULL);

    /* Short enough that the buttons below stay in reach, tall enough to
     * read: without a minimum, a short window squeezes it to two lines
     * instead of letting the page scroll. */
    self->summary_label = GTK_LABEL (paragraph_new (self->summary));
    gtk_label_set_selectable (self->summary_label, TRUE);
    g_object_set (self->summary_label, "margin-top", 12, "margin-bottom", 12,
                  "margin-start", 12, "margin-end", 12, NULL);
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 150);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->summary_label));
    gtk_frame_set_child (GTK_FRAME (frame_box), scroller);
    gtk_widget_set_name (frame_box, "report-preview");
    gtk_widget_set_margin_bottom (frame_box, 6);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame_box);
  }

  frame = text_view_new ("", _("The full report"), TRUE);
  self->arf_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (g_object_get_data (G_OBJECT (frame), "whence-view")));
  expander = gtk_expander_new_with_mnemonic (_("Show the _full report"));
  gtk_expander_set_child (GTK_EXPANDER (expander), frame);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
  gtk_box_append (GTK_BOX (box), group);

  /* The main button on a row of its own, so that the page fits a phone
   * and longer translations: three pills side by side need 570 px. */
  buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  button = action_button_new (_("Send With My _Email App"),
                              _("Opens your email app with the report. You send it from there."));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_name (button, "send");
  g_set_weak_pointer (&self->send_button, button);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_send_clicked), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), button);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), row);
  button = action_button_new (_("_Save Report…"), _("Save the report as a file"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_save_clicked), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (row), button);
  button = action_button_new (_("Cop_y"), _("Copy the full report"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the full report"), -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_copy_report_clicked), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_box_append (GTK_BOX (box), paragraph_new (_("Nothing is sent until you send it from your email app.")));

  update_report (self);
  whence_network_card_set_address (self->network_card, origin != NULL ? origin->ip : NULL);
  return page;
}

/* "Done" */

static guint
reminder_days (WhenceWizard *self)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, "reminder-days") : 14;
}

static GtkWidget *
done_page_new (WhenceWizard *self,
               WhenceStep   *step)
{
  GtkWidget *box;
  GtkWidget *page = page_new (step->title, &box);
  GtkWidget *group = group_new (_("What you did"), NULL);

  for (guint i = 0; i < self->done_log->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (g_ptr_array_index (self->done_log, i), NULL,
                                                        "object-select-symbolic"));
  if (self->case_id > 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("Saved the email and what Whence found in Cases"), NULL,
                                                        "object-select-symbolic"));
  if (self->n_reports == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (_("You have not sent a report yet"),
                                                        _("You can come back to this case later: "
                                                          "open Cases from the main menu."),
                                                        "dialog-information-symbolic"));
  gtk_box_append (GTK_BOX (box), group);

  group = group_new (_("What to expect"), NULL);
  for (guint i = 0; step->paragraphs != NULL && step->paragraphs[i] != NULL; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               whence_wrapping_row_new (step->paragraphs[i], NULL, NULL));
  gtk_box_append (GTK_BOX (box), group);

  if (self->n_reports > 0)
    {
      guint days = reminder_days (self);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Whence will remind you in %u day to check for an answer.",
                                                            "Whence will remind you in %u days to check for an answer.",
                                                            days), days);

      group = group_new (_("Follow-up"), NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 whence_wrapping_row_new (text, step->follow_up, "alarm-symbolic"));
      gtk_box_append (GTK_BOX (box), group);
    }
  return page;
}

/* Steps and navigation */

static GtkWidget *
page_for_step (WhenceWizard *self,
               WhenceStep   *step)
{
  switch (step->kind)
    {
    case WHENCE_STEP_STAY_SAFE:
      return stay_safe_page_new (self, step);
    case WHENCE_STEP_WHERE:
      return where_page_new (self, step);
    case WHENCE_STEP_NETWORK:
      return network_page_new (self, step);
    case WHENCE_STEP_DONE:
      return done_page_new (self, step);
    case WHENCE_STEP_EXPERTS:
    case WHENCE_STEP_CRIME:
    default:
      return contacts_page_new (self, step);
    }
}

static gboolean
is_kept_page (WhenceStepKind kind)
{
  /* These do not depend on the answers, and hold what the person typed or
   * chose (the look-up consent): built once. */
  return kind == WHENCE_STEP_STAY_SAFE || kind == WHENCE_STEP_WHERE || kind == WHENCE_STEP_NETWORK;
}

static void
replace_page (WhenceWizard *self,
              WhenceStep   *step)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->stack, step->id);

  if (old != NULL)
    gtk_stack_remove (self->stack, old);
  gtk_stack_add_titled (self->stack, page_for_step (self, step), step->id, step->title);
}

static void
update_header (WhenceWizard *self)
{
  guint n = self->steps->len;
  gboolean last = self->position + 1 >= n;

  g_free (self->subtitle);
  /* Translators: as in "Step 2 of 6" */
  self->subtitle = g_strdup_printf (_("Step %u of %u"), self->position + 1, n);
  adw_window_title_set_subtitle (self->window_title, self->subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->position > 0);
  whence_button_set_mnemonic_label (self->next_button, last ? _("_Done") : _("_Next"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button),
                               last ? _("Close this window") : _("Go to the next step"));
}

static void
rebuild_steps (WhenceWizard *self)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->steps);

  self->steps = whence_route_steps (self->country, self->us_state, self->situation, FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      WhenceStep *step = g_ptr_array_index (self->steps, i);

      if (!is_kept_page (step->kind) || gtk_stack_get_child_by_name (self->stack, step->id) == NULL)
        replace_page (self, step);
    }

  /* A step the new answers do not need any more (the crime step) goes. */
  for (guint i = 0; old != NULL && i < old->len; i++)
    {
      WhenceStep *gone = g_ptr_array_index (old, i);
      gboolean still = FALSE;

      for (guint j = 0; j < self->steps->len; j++)
        still |= g_str_equal (((WhenceStep *) g_ptr_array_index (self->steps, j))->id, gone->id);
      if (!still)
        gtk_stack_remove (self->stack, gtk_stack_get_child_by_name (self->stack, gone->id));
    }

  self->position = MIN (self->position, self->steps->len - 1);
  update_header (self);
}

static void
show_position (WhenceWizard *self,
               guint         position,
               gboolean      forward)
{
  WhenceStep *step = g_ptr_array_index (self->steps, position);

  /* The last page lists what was done, so it is written as it is shown. */
  if (step->kind == WHENCE_STEP_DONE)
    replace_page (self, step);

  self->position = position;
  gtk_stack_set_transition_type (self->stack, forward ? GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT
                                                      : GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  gtk_stack_set_visible_child_name (self->stack, step->id);
  update_header (self);
}

static void
save_answers (WhenceWizard *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->case_id <= 0)
    return;
  if (!whence_case_store_set_answers (self->store, self->case_id,
                                      *self->country != '\0' ? self->country : NULL,
                                      whence_situation_to_string (self->situation), &error))
    g_warning ("Could not save the answers: %s", error->message);
}

gboolean
whence_wizard_go_next (WhenceWizard *self)
{
  WhenceStep *step;

  g_return_val_if_fail (WHENCE_IS_WIZARD (self), FALSE);

  step = g_ptr_array_index (self->steps, self->position);
  if (step->kind == WHENCE_STEP_WHERE)
    {
      save_answers (self);
      if (self->settings != NULL && *self->country != '\0')
        g_settings_set_string (self->settings, "country", self->country);
    }

  if (self->position + 1 >= self->steps->len)
    {
      gtk_window_close (GTK_WINDOW (self));
      return FALSE;
    }
  show_position (self, self->position + 1, TRUE);
  return TRUE;
}

gboolean
whence_wizard_go_back (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), FALSE);

  if (self->position == 0)
    return FALSE;
  show_position (self, self->position - 1, FALSE);
  return TRUE;
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  whence_wizard_go_next (WHENCE_WIZARD (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  whence_wizard_go_back (WHENCE_WIZARD (widget));
}

/* The case file */

static void
save_case (WhenceWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) original = whence_message_dup_original (self->message, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *trace_json = NULL;
  g_autofree char *title = NULL;
  const WhenceOrigin *origin = whence_trace_get_origin (self->trace);
  const char *subject = whence_message_get_subject (self->message);
  WhenceCaseEmailInfo info = { 0 };
  guint n_cases = 0, n_emails = 0;
  g_autoptr(GDateTime) first_seen = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (self->store == NULL)
    return;
  if (original == NULL)
    {
      g_warning ("Could not keep the original: %s", error->message);
      return;
    }

  json = whence_json_for_message (self->message, whence_message_get_source_name (self->message), NULL);
  trace_json = json_to_string (json, FALSE);
  title = !is_blank (subject) ? g_strdup (subject) : g_strdup (_("Email without a subject"));

  info.source_name = whence_message_get_source_name (self->message);
  info.subject = subject;
  info.sender = whence_message_get_from (self->message);
  info.origin_ip = origin != NULL ? origin->ip : NULL;
  info.received = whence_message_get_date (self->message);

  self->case_id = whence_case_store_create_case (self->store, title, original, &info, trace_json, &error);
  if (self->case_id <= 0)
    {
      g_warning ("Could not save the case: %s", error->message);
      self->case_id = 0;
      return;
    }

  if (origin != NULL
      && whence_case_store_count_origin (self->store, origin->ip, &n_cases, &n_emails, &first_seen, NULL)
      && n_emails > 1)
    self->repeat_text = whence_case_describe_repeat (n_emails, first_seen, now);
}

static void
setup (WhenceWizard *self)
{
  g_autofree char *country = NULL;
  g_autofree char *saved = self->settings != NULL ? g_settings_get_string (self->settings, "country") : NULL;

  self->facts = whence_report_facts_new_from_trace (self->message, self->trace);
  self->summary = whence_summary_for_abuse_desk (self->facts);
  save_case (self);

  country = !is_blank (saved) ? g_strdup (saved) : whence_country_guess ();
  self->country = g_strdup (country != NULL ? country : "");
  rebuild_steps (self);
  select_answers (self, country, NULL, WHENCE_SITUATION_ONLY_EMAIL);
  rebuild_steps (self);
  g_signal_connect_object (self->country_drop, "notify::selected", G_CALLBACK (on_answer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->state_drop, "notify::selected", G_CALLBACK (on_answer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->situation_drop, "notify::selected", G_CALLBACK (on_answer_changed), self, G_CONNECT_SWAPPED);
  show_position (self, 0, TRUE);
}

/**
 * whence_wizard_new:
 * @parent: (nullable): the main window
 * @message: the email
 * @trace: its trace
 * @store: (nullable): the case file; the case is saved at once, so nothing
 *   is lost if the person closes the wizard half way
 */
WhenceWizard *
whence_wizard_new (GtkWindow       *parent,
                   WhenceMessage   *message,
                   WhenceTrace     *trace,
                   WhenceCaseStore *store)
{
  WhenceWizard *self;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (WHENCE_IS_TRACE (trace), NULL);

  self = g_object_new (WHENCE_TYPE_WIZARD, "transient-for", parent, NULL);
  self->message = g_object_ref (message);
  self->trace = g_object_ref (trace);
  if (store != NULL)
    self->store = g_object_ref (store);
  setup (self);
  return self;
}

gint64
whence_wizard_get_case_id (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), 0);
  return self->case_id;
}

const char *
whence_wizard_get_repeat_text (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  return self->repeat_text;
}

guint
whence_wizard_get_n_steps (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), 0);
  return self->steps->len;
}

guint
whence_wizard_get_position (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), 0);
  return self->position;
}

/**
 * whence_wizard_get_step:
 *
 * Returns: (transfer none): the step at @position
 */
WhenceStep *
whence_wizard_get_step (WhenceWizard *self,
                        guint         position)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, position);
}

const char *
whence_wizard_get_subtitle (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  return self->subtitle;
}

/**
 * whence_wizard_get_page:
 * @step_id: "stay-safe", "where", "network", "experts", "crime" or "done"
 *
 * Returns: (transfer none) (nullable): the page shown for the step
 */
GtkWidget *
whence_wizard_get_page (WhenceWizard *self,
                        const char   *step_id)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, step_id);
}

/**
 * whence_wizard_set_answers:
 * @country: (nullable): two letters, or %NULL for "Another country"
 * @us_state: (nullable): USPS code
 */
void
whence_wizard_set_answers (WhenceWizard    *self,
                           const char      *country,
                           const char      *us_state,
                           WhenceSituation  situation)
{
  g_return_if_fail (WHENCE_IS_WIZARD (self));

  select_answers (self, country, us_state, situation);
  rebuild_steps (self);
}

const char *
whence_wizard_get_country (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  return self->country;
}

/**
 * whence_wizard_set_lookup:
 * @lookup: (nullable): the look-up to use when the person agrees (tests
 *   point it at a local server); %NULL for the default
 */
void
whence_wizard_set_lookup (WhenceWizard *self,
                          WhenceLookup *lookup)
{
  g_return_if_fail (WHENCE_IS_WIZARD (self));
  g_set_object (&self->lookup, lookup);
}

/**
 * whence_wizard_set_lookup_result:
 * @result: who runs the sending computer, from a look-up done elsewhere
 *   (the result page) or by the wizard
 */
void
whence_wizard_set_lookup_result (WhenceWizard       *self,
                                 WhenceLookupResult *result)
{
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (WHENCE_IS_WIZARD (self));
  g_return_if_fail (WHENCE_IS_LOOKUP_RESULT (result));

  g_set_object (&self->lookup_result, result);
  whence_network_card_show_lookup (self->network_card, result);

  json = whence_lookup_result_to_json (result);
  text = json_to_string (json, FALSE);
  if (self->store != NULL && self->case_id > 0)
    whence_case_store_set_lookups (self->store, self->case_id, text, NULL);

  update_ladder (self);
  update_report (self);
}

/**
 * whence_wizard_get_abuse_address:
 *
 * Returns: (nullable): where the report goes, when the look-up found it
 */
const char *
whence_wizard_get_abuse_address (WhenceWizard *self)
{
  const WhenceContact *abuse;

  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);

  if (self->lookup_result == NULL || whence_lookup_result_get_error (self->lookup_result) != NULL)
    return NULL;
  abuse = whence_lookup_result_get_abuse_contact (self->lookup_result);
  return abuse != NULL ? abuse->address : NULL;
}

/**
 * whence_wizard_get_arf:
 *
 * Returns: (transfer none) (nullable): the ARF report as it would be sent
 */
GBytes *
whence_wizard_get_arf (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  return self->arf;
}

const char *
whence_wizard_get_summary (WhenceWizard *self)
{
  g_return_val_if_fail (WHENCE_IS_WIZARD (self), NULL);
  return self->summary;
}

void
whence_wizard_set_launch_func (WhenceWizard           *self,
                               WhenceWizardLaunchFunc  func,
                               gpointer                user_data)
{
  g_return_if_fail (WHENCE_IS_WIZARD (self));
  self->launch_func = func;
  self->launch_data = user_data;
}

WhenceNetworkCard *
_whence_wizard_get_network_card (WhenceWizard *self)
{
  return self->network_card;
}

static void
whence_wizard_dispose (GObject *object)
{
  WhenceWizard *self = WHENCE_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->send_button);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHENCE_TYPE_WIZARD);

  G_OBJECT_CLASS (whence_wizard_parent_class)->dispose (object);
}

static void
whence_wizard_finalize (GObject *object)
{
  WhenceWizard *self = WHENCE_WIZARD (object);

  g_clear_object (&self->message);
  g_clear_object (&self->trace);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->lookup);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_result);
  g_clear_pointer (&self->repeat_text, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->us_state, g_free);
  g_clear_pointer (&self->country_codes, g_strfreev);
  g_clear_pointer (&self->facts, whence_report_facts_free);
  g_clear_pointer (&self->arf, g_bytes_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->done_log, g_ptr_array_unref);

  G_OBJECT_CLASS (whence_wizard_parent_class)->finalize (object);
}

static void
whence_wizard_class_init (WhenceWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_wizard_dispose;
  object_class->finalize = whence_wizard_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, WhenceWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, WhenceWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, WhenceWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WhenceWizard, stack);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
whence_wizard_init (WhenceWizard *self)
{
  g_autofree char *back_label = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  back_label = g_strdup (gtk_button_get_label (self->back_button));
  whence_button_set_mnemonic_label (self->back_button, back_label);

  self->settings = whence_settings_new_if_installed ();
  self->done_log = g_ptr_array_new_with_free_func (g_free);
  self->country = g_strdup ("");
}
