/* whence-result-page.c
 *
 * What a person sees for one email: a verdict in one sentence, the journey,
 * cards for the sender, the attachments, the sign-in checks and who runs the
 * sending computer, and the details for a technical helper. Everything shown
 * is worked out by the core; this page only lays it out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-result-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "whence-analysis.h"
#include "whence-lookup.h"
#include "whence-result-page.h"
#include "whence-trace-text.h"

typedef enum
{
  VERDICT_UNKNOWN,
  VERDICT_INFO,
  VERDICT_SAFE,
  VERDICT_WARNING,
  VERDICT_DANGER,
} VerdictStyle;

struct _WhenceResultPage
{
  GtkWidget            parent_instance;

  GtkWidget           *scroller;
  GtkWidget           *verdict_box;
  GtkImage            *verdict_icon;
  GtkLabel            *kind_label;
  GtkLabel            *headline_label;
  GtkLabel            *paragraph_label;
  GtkWidget           *report_button;
  WhenceJourneyView   *journey;
  AdwPreferencesGroup *journey_group;
  AdwPreferencesGroup *sender_group;
  AdwPreferencesGroup *attachments_group;
  AdwPreferencesGroup *auth_group;
  WhenceNetworkCard   *network_card;
  AdwExpanderRow      *details_row;
  GtkTextView         *headers_view;
  GtkWidget           *copy_button;

  WhenceMessage       *message;
  WhenceTrace         *trace;
  WhenceAnalysis      *analysis;
  WhenceLookup        *lookup;
  WhenceLookupResult  *lookup_result;  /* the last answer, handed to the report wizard */
  GCancellable        *lookup_cancellable;
  guint                index;
  GPtrArray           *card_rows;   /* rows added to the card groups, to remove them again */
};

G_DEFINE_FINAL_TYPE (WhenceResultPage, whence_result_page, GTK_TYPE_WIDGET)

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
set_verdict (WhenceResultPage *self,
             VerdictStyle      style,
             const char       *headline,
             const char       *paragraph)
{
  static const char * const classes[] = { "verdict-unknown", "verdict-info", "verdict-safe",
                                          "verdict-warning", "verdict-danger" };
  static const char * const icons[] = { "dialog-question-symbolic", "mark-location-symbolic",
                                        "emblem-ok-symbolic", "dialog-warning-symbolic",
                                        "dialog-error-symbolic" };
  const char *kind = NULL;
  g_autofree char *label = NULL;

  /* The words carry the meaning; colour and icon only repeat it. */
  switch (style)
    {
    case VERDICT_DANGER:
      kind = _("Dangerous");
      break;
    case VERDICT_WARNING:
      kind = _("Be careful");
      break;
    case VERDICT_SAFE:
      kind = _("Looks normal");
      break;
    case VERDICT_INFO:
      kind = _("Where it came from");
      break;
    case VERDICT_UNKNOWN:
    default:
      kind = _("Not sure");
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->verdict_box, classes[i]);
  gtk_widget_add_css_class (self->verdict_box, classes[style]);
  gtk_image_set_from_icon_name (self->verdict_icon, icons[style]);
  gtk_label_set_label (self->kind_label, kind);
  gtk_label_set_label (self->headline_label, headline);
  gtk_label_set_label (self->paragraph_label, paragraph != NULL ? paragraph : "");
  gtk_widget_set_visible (GTK_WIDGET (self->paragraph_label), !is_blank (paragraph));

  label = g_strdup_printf ("%s: %s", kind, headline);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, paragraph != NULL ? paragraph : "",
                                  -1);
}

static char *
origin_name (const WhenceOrigin *origin)
{
  g_autofree char *domain = NULL;

  if (origin->webmail != NULL)
    return g_strdup (origin->webmail);
  if (!is_blank (origin->rdns))
    return whence_place_name (origin->rdns, origin->ip);

  return g_strdup_printf (_("the computer at %s"), origin->ip);
}

static void
update_verdict (WhenceResultPage *self)
{
  const WhenceOrigin *origin = whence_trace_get_origin (self->trace);
  guint n_hops = whence_trace_get_n_hops (self->trace);
  g_autofree char *headline = NULL;
  const char *analysis_headline = NULL;
  const char *analysis_paragraph = NULL;
  WhenceVerdictKind kind;

  kind = whence_analysis_get_verdict (self->analysis, &analysis_headline, &analysis_paragraph);
  if (!is_blank (analysis_headline))
    {
      static const VerdictStyle styles[] = {
        [WHENCE_VERDICT_UNKNOWN] = VERDICT_UNKNOWN,
        [WHENCE_VERDICT_PROBABLY_FINE] = VERDICT_SAFE,
        [WHENCE_VERDICT_SUSPICIOUS] = VERDICT_WARNING,
        [WHENCE_VERDICT_PHISHING_OR_SPOOF] = VERDICT_DANGER,
        [WHENCE_VERDICT_WORM] = VERDICT_DANGER,
      };

      set_verdict (self, kind < G_N_ELEMENTS (styles) ? styles[kind] : VERDICT_UNKNOWN,
                   analysis_headline, analysis_paragraph);
      return;
    }

  /* The analysis had nothing to say: say what the trace knows. */
  if (origin == NULL)
    {
      if (n_hops == 0)
        set_verdict (self, VERDICT_UNKNOWN,
                     _("Whence cannot tell where this email came from"),
                     _("It has no delivery stamps. It may have been saved before it was sent, or the "
                       "stamps were removed. Ask the sender through another way, such as a phone "
                       "call, if it matters."));
      else
        set_verdict (self, VERDICT_UNKNOWN,
                     _("Whence cannot tell which computer sent this email"),
                     _("Its delivery stamps do not show where it entered your email provider. "
                       "The journey below shows what they do say."));
      return;
    }

  {
    g_autofree char *name = origin_name (origin);
    /* Translators: %s is a name such as "example-telecom.es" or "the computer at 203.0.113.5" */
    headline = g_strdup_printf (_("This email came from %s"), name);
  }
  set_verdict (self, VERDICT_INFO, headline, origin->reason);
}

static void
add_card_row (WhenceResultPage    *self,
              AdwPreferencesGroup *group,
              GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->card_rows, row);
}

static GtkWidget *
text_row_new (const char *title,
              const char *subtitle,
              const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));

  return row;
}

static void
clear_cards (WhenceResultPage *self)
{
  for (guint i = 0; i < self->card_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->card_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->card_rows, 0);
}

static void
update_sender_card (WhenceResultPage *self)
{
  const char *from = whence_message_get_from (self->message);
  const char *summary = whence_analysis_get_sender_summary (self->analysis);
  WhenceSpoofed spoofed = whence_analysis_get_spoofed (self->analysis);
  GPtrArray *scam_signs = whence_analysis_get_phishing_reasons (self->analysis);
  const char *icon = "avatar-default-symbolic";

  if (is_blank (summary))
    summary = _("Anyone can write any name here, like the sender on the back of an envelope. "
                "The journey above shows where the email really came from.");
  if (spoofed == WHENCE_SPOOFED_LIKELY || scam_signs->len > 0)
    icon = "dialog-warning-symbolic";

  {
    /* The sentence matters more than the address: it goes first. */
    g_autofree char *named = g_strdup_printf (_("Named as sender: %s"),
                                              !is_blank (from) ? from : _("nobody"));
    GtkWidget *row = text_row_new (summary, named, icon);

    adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), FALSE);
    adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
    add_card_row (self, self->sender_group, row);
  }

  /* Each scam sign in its own row, so "probably a scam" always says why. */
  for (guint i = 0; i < scam_signs->len; i++)
    {
      GtkWidget *row = text_row_new (g_ptr_array_index (scam_signs, i), NULL, "dialog-warning-symbolic");

      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      add_card_row (self, self->sender_group, row);
    }
}

static const char *
risk_words (WhenceRisk risk)
{
  switch (risk)
    {
    case WHENCE_RISK_HIGH:
      return _("Dangerous");
    case WHENCE_RISK_MEDIUM:
      return _("Risky");
    case WHENCE_RISK_LOW:
      return _("Low risk");
    case WHENCE_RISK_NONE:
    default:
      return _("Nothing found");
    }
}

static void
update_attachments_card (WhenceResultPage *self)
{
  GPtrArray *attachments = whence_analysis_get_attachments (self->analysis);
  const char *summary = whence_analysis_get_attachment_summary (self->analysis);
  guint n = attachments != NULL ? attachments->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const WhenceAttachment *attachment = g_ptr_array_index (attachments, i);
      const char *icon = "mail-attachment-symbolic";
      GtkWidget *row;
      GtkWidget *risk;
      g_autofree char *title = NULL;
      g_autofree char *label = NULL;

      if (attachment->risk == WHENCE_RISK_HIGH)
        icon = "dialog-error-symbolic";
      else if (attachment->risk == WHENCE_RISK_MEDIUM)
        icon = "dialog-warning-symbolic";

      title = g_strdup (!is_blank (attachment->filename) ? attachment->filename : _("(no name)"));
      /* The advice is what a person must read; the file name is secondary. */
      row = text_row_new (!is_blank (attachment->advice) ? attachment->advice : title, title, icon);
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, attachment->risk == WHENCE_RISK_HIGH ? "risk-high"
                                     : attachment->risk == WHENCE_RISK_MEDIUM ? "risk-medium" : "risk-low");

      risk = gtk_label_new (risk_words (attachment->risk));
      gtk_widget_add_css_class (risk, "risk-label");
      gtk_widget_add_css_class (risk, "caption-heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), risk);

      /* Translators: "game.pif, Dangerous: Do not open …" */
      label = g_strdup_printf (_("%s, %s"), title, risk_words (attachment->risk));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, attachment->advice ?: "",
                                      -1);
      add_card_row (self, self->attachments_group, row);
    }

  /* One attachment: its row already says it all. */
  adw_preferences_group_set_description (self->attachments_group, n > 1 ? summary : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group), n > 0);
}

static void
update_auth_card (WhenceResultPage *self)
{
  const char *summary = whence_analysis_get_auth_summary (self->analysis);
  static const char * const names[] = { "SPF", "DKIM", "DMARC", "ARC" };
  guint n = 0;
  gboolean any_recorded = FALSE;

  for (guint m = 0; m < WHENCE_AUTH_N_METHODS; m++)
    {
      const WhenceAuthCheck *check = whence_analysis_get_auth (self->analysis, m);

      if (check != NULL && !is_blank (check->result))
        any_recorded = TRUE;
    }

  for (guint m = 0; m < WHENCE_AUTH_N_METHODS; m++)
    {
      const WhenceAuthCheck *check = whence_analysis_get_auth (self->analysis, m);
      const char *icon = "dialog-question-symbolic";
      GtkWidget *row;

      /* Nothing recorded at all: the summary says so once, not per check. */
      if (check == NULL || is_blank (check->sentence) || (!any_recorded && !is_blank (summary)))
        continue;

      if (g_strcmp0 (check->result, "pass") == 0)
        icon = "emblem-ok-symbolic";
      else if (g_strcmp0 (check->result, "fail") == 0 || g_strcmp0 (check->result, "softfail") == 0)
        icon = "dialog-warning-symbolic";

      /* The sentence is the title: the method's name is for the helper. */
      row = text_row_new (check->sentence, m < G_N_ELEMENTS (names) ? names[m] : NULL, icon);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      add_card_row (self, self->auth_group, row);
      n++;
    }

  if (!is_blank (summary))
    adw_preferences_group_set_description (self->auth_group, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->auth_group), n > 0 || !is_blank (summary));
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WhenceResultPage) self = user_data;
  g_autoptr(WhenceLookupResult) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = whence_lookup_ip_finish (WHENCE_LOOKUP (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another email is shown now, or the window closed */
  if (answer == NULL)
    {
      whence_network_card_set_failed (self->network_card, error->message);
      return;
    }
  /* Only a look-up that found something is kept (for the wizard). */
  if (whence_lookup_result_get_error (answer) == NULL)
    g_set_object (&self->lookup_result, answer);
  whence_network_card_show_lookup (self->network_card, answer);
}

static void
on_lookup_requested (WhenceNetworkCard *card,
                     const char        *ip,
                     WhenceResultPage  *self)
{
  /* Only reached after the person agreed, or chose "always". */
  if (self->lookup == NULL)
    self->lookup = whence_lookup_new ();

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();

  whence_lookup_ip_async (self->lookup, ip, WHENCE_LOOKUP_CONSENT_GIVEN, WHENCE_LOOKUP_FLAGS_NONE,
                          self->lookup_cancellable, on_lookup_done, g_object_ref (self));
}

static void
update_details (WhenceResultPage *self)
{
  g_autofree char *headers = whence_message_dup_raw_headers (self->message);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->headers_view);

  gtk_text_buffer_set_text (buffer, headers != NULL ? headers : "", -1);
}

/**
 * whence_result_page_dup_trace_text:
 *
 * The trace as plain text for a technical helper, the same text `whence
 * trace` prints: the verdict, the origin, every Received line.
 *
 * Returns: (transfer full)
 */
char *
whence_result_page_dup_trace_text (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);

  if (self->trace == NULL)
    return g_strdup ("");

  return whence_trace_format_text (self->message, self->trace, self->analysis);
}

static void
on_copy_clicked (WhenceResultPage *self)
{
  g_autofree char *text = whence_result_page_dup_trace_text (self);
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Trace copied")));
}

static void
update_report_tooltip (WhenceResultPage *self)
{
  /* Without the wizard, win.report is disabled: say why instead of
   * leaving a grey button unexplained. */
  gtk_widget_set_tooltip_text (self->report_button,
                               gtk_widget_get_sensitive (self->report_button)
                               ? _("Find out whom to tell, step by step")
                               : _("Reporting comes in a later version"));
}

/**
 * whence_result_page_set_message:
 * @message: the email
 * @trace: its trace
 * @index: its position among the loaded emails; the parameter of win.report
 */
void
whence_result_page_set_message (WhenceResultPage *self,
                                WhenceMessage    *message,
                                WhenceTrace      *trace,
                                guint             index)
{
  const WhenceOrigin *origin;

  g_return_if_fail (WHENCE_IS_RESULT_PAGE (self));
  g_return_if_fail (WHENCE_IS_MESSAGE (message));
  g_return_if_fail (WHENCE_IS_TRACE (trace));

  g_set_object (&self->message, message);
  g_set_object (&self->trace, trace);
  g_clear_object (&self->analysis);
  self->analysis = whence_analysis_new (message, trace);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->lookup_result);
  self->index = index;

  clear_cards (self);
  update_verdict (self);
  whence_journey_view_set_trace (self->journey, trace);
  update_sender_card (self);
  update_attachments_card (self);
  update_auth_card (self);
  update_details (self);

  origin = whence_trace_get_origin (trace);
  whence_network_card_set_address (self->network_card, origin != NULL ? origin->ip : NULL);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->report_button), "u", index);
  update_report_tooltip (self);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

WhenceMessage *
whence_result_page_get_message (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return self->message;
}

WhenceTrace *
whence_result_page_get_trace (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return self->trace;
}

guint
whence_result_page_get_index (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), 0);
  return self->index;
}

const char *
whence_result_page_get_headline (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return gtk_label_get_label (self->headline_label);
}

const char *
whence_result_page_get_paragraph (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return gtk_label_get_label (self->paragraph_label);
}

/**
 * whence_result_page_get_analysis:
 *
 * Returns: (transfer none) (nullable): what the core made of the email
 */
WhenceAnalysis *
whence_result_page_get_analysis (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return self->analysis;
}

WhenceJourneyView *
whence_result_page_get_journey (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return self->journey;
}

WhenceNetworkCard *
whence_result_page_get_network_card (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return self->network_card;
}

/**
 * whence_result_page_get_lookup_result:
 *
 * Returns: (transfer none) (nullable): who runs the sending computer, when
 *   the person let Whence look it up for the email shown
 */
WhenceLookupResult *
whence_result_page_get_lookup_result (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);

  return self->lookup_result;
}

GtkWidget *
whence_result_page_get_report_button (WhenceResultPage *self)
{
  g_return_val_if_fail (WHENCE_IS_RESULT_PAGE (self), NULL);
  return self->report_button;
}

static void
whence_result_page_dispose (GObject *object)
{
  WhenceResultPage *self = WHENCE_RESULT_PAGE (object);
  GtkWidget *child;

  g_ptr_array_set_size (self->card_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHENCE_TYPE_RESULT_PAGE);
  /* Layout-manager widgets own their children directly. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->message);
  g_clear_object (&self->trace);
  g_clear_object (&self->analysis);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->lookup);
  g_clear_object (&self->lookup_result);

  G_OBJECT_CLASS (whence_result_page_parent_class)->dispose (object);
}

static void
whence_result_page_finalize (GObject *object)
{
  WhenceResultPage *self = WHENCE_RESULT_PAGE (object);

  g_ptr_array_unref (self->card_rows);

  G_OBJECT_CLASS (whence_result_page_parent_class)->finalize (object);
}

static gboolean
whence_result_page_grab_focus (GtkWidget *widget)
{
  WhenceResultPage *self = WHENCE_RESULT_PAGE (widget);

  return gtk_widget_grab_focus (self->verdict_box);
}

static void
whence_result_page_class_init (WhenceResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_result_page_dispose;
  object_class->finalize = whence_result_page_finalize;
  widget_class->grab_focus = whence_result_page_grab_focus;

  g_type_ensure (WHENCE_TYPE_JOURNEY_VIEW);
  g_type_ensure (WHENCE_TYPE_NETWORK_CARD);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, headline_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, paragraph_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, report_button);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, journey);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, journey_group);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, sender_group);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, auth_group);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, network_card);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, details_row);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, headers_view);
  gtk_widget_class_bind_template_child (widget_class, WhenceResultPage, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_lookup_requested);
}

static void
whence_result_page_init (WhenceResultPage *self)
{
  self->card_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Target first: win.report takes the email's index. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->report_button), "u", 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->report_button), "win.report");
  g_signal_connect_swapped (self->report_button, "notify::sensitive",
                            G_CALLBACK (update_report_tooltip), self);
  update_report_tooltip (self);
}

GtkWidget *
whence_result_page_new (void)
{
  return g_object_new (WHENCE_TYPE_RESULT_PAGE, NULL);
}
