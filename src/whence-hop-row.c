/* whence-hop-row.c
 *
 * One handover in the journey: who passed the email to whom, and when, in
 * words a person can read. What the row says about trust comes from the
 * trace; the row only puts it into words and marks it visibly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-hop-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "whence-domain.h"
#include "whence-hop-row.h"

struct _WhenceHopRow
{
  GtkListBoxRow  parent_instance;

  GtkWidget     *top_line;
  GtkWidget     *bottom_line;
  GtkWidget     *marker;
  GtkWidget     *title_label;
  GtkWidget     *hosts_label;
  GtkWidget     *time_label;
  GtkWidget     *note_box;
  GtkWidget     *note_label;
  GtkWidget     *skew_label;

  guint          hop_index;
  WhenceTrust    trust;
  gboolean       relay;
  guint          step;
  guint          n_steps;
  char          *title;
  char          *hosts;
  char          *time_text;
  char          *note;
  char          *skew;
};

G_DEFINE_FINAL_TYPE (WhenceHopRow, whence_hop_row, GTK_TYPE_LIST_BOX_ROW)

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/**
 * whence_place_name:
 * @host: (nullable): a host name as logged
 * @ip: (nullable): its address
 *
 * The name a person can read for a machine: the organisation's domain
 * ("example-telecom.es" for "dsl-1-2-3-4.dyn.example-telecom.es"; a rented
 * cloud server reads "amazonaws.com", see whence_display_domain()), else the
 * host name as written, else the address.
 *
 * Returns: (transfer full): never %NULL
 */
char *
whence_place_name (const char *host,
                   const char *ip)
{
  g_autofree char *bare = NULL;
  char *domain;

  /* "[192.0.2.1]" is an address written as a name, not a name. */
  if (!is_blank (host))
    {
      gsize len = strlen (host);

      if (host[0] == '[' && host[len - 1] == ']')
        bare = g_strndup (host + 1, len - 2);
      else
        bare = g_strdup (host);
      if (g_hostname_is_ip_address (bare))
        return g_strdup (!is_blank (ip) ? ip : bare);
    }

  domain = whence_display_domain (bare);
  if (domain != NULL)
    return domain;
  if (!is_blank (bare))
    return g_steal_pointer (&bare);
  if (!is_blank (ip))
    return g_strdup (ip);

  return g_strdup (_("a computer with no name"));
}

static char *
format_duration (guint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                            (guint) seconds);
  if (seconds < 90 * 60)
    {
      guint minutes = (seconds + 30) / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
    }
  if (seconds < 48 * 3600)
    {
      guint hours = (seconds + 1800) / 3600;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u hour", "about %u hours", hours), hours);
    }

  {
    guint days = (seconds + 43200) / 86400;
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u day", "about %u days", days), days);
  }
}

/**
 * whence_format_delay:
 * @delay_s: seconds since the previous step; negative when clocks disagree
 *
 * Returns: (transfer full): "3 seconds later", or, for a negative delay, an
 *   honest sentence about the clock being off
 */
char *
whence_format_delay (gint64 delay_s)
{
  g_autofree char *duration = NULL;

  if (delay_s == 0)
    return g_strdup (_("in the same second"));

  duration = format_duration (delay_s > 0 ? (guint64) delay_s : (guint64) -delay_s);
  if (delay_s > 0)
    /* Translators: %s is a duration such as "3 seconds" */
    return g_strdup_printf (_("%s later"), duration);

  /* Translators: %s is a duration such as "2 minutes" */
  return g_strdup_printf (_("This server’s clock was %s off, so its time is not exact."), duration);
}

/**
 * whence_format_local_time:
 * @utc_seconds: seconds since the epoch
 * @with_date: also say the day
 *
 * Returns: (transfer full): the time in the person's time zone and locale
 */
char *
whence_format_local_time (gint64   utc_seconds,
                          gboolean with_date)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (utc_seconds);

  if (time == NULL)
    return g_strdup (_("at an impossible time"));

  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (time, with_date ? _("%A %-d %B %Y, %X") : "%X");
}

static char *
hosts_text (const WhenceReceived *r)
{
  const char *from = !is_blank (r->rdns) ? r->rdns : r->helo;
  g_autofree char *from_text = NULL;

  if (!is_blank (from) && !is_blank (r->ip) && g_strcmp0 (from, r->ip) != 0)
    from_text = g_strdup_printf ("%s (%s)", from, r->ip);
  else if (!is_blank (from))
    from_text = g_strdup (from);
  else if (!is_blank (r->ip))
    from_text = g_strdup (r->ip);

  if (from_text != NULL && !is_blank (r->by))
    return g_strdup_printf ("%s → %s", from_text, r->by);
  if (from_text != NULL)
    return g_steal_pointer (&from_text);
  if (!is_blank (r->by))
    return g_strdup (r->by);

  return NULL;
}

static char *
title_text (const WhenceHop *hop)
{
  const WhenceReceived *r = hop->received;
  g_autofree char *from = whence_place_name (!is_blank (r->rdns) ? r->rdns : r->helo, r->ip);
  g_autofree char *by = whence_place_name (r->by, NULL);
  gboolean from_known = !is_blank (r->rdns) || !is_blank (r->helo) || !is_blank (r->ip);

  if (!r->relay)
    /* Translators: %s names a mail server, e.g. "example.net" */
    return g_strdup_printf (_("Passed along inside %s"), by);
  if (!r->parsed)
    return g_strdup (_("A stamp Whence cannot read"));
  if (!from_known)
    return g_strdup_printf (_("Received by %s"), by);
  if (g_str_equal (from, by))
    return g_strdup_printf (_("Inside %s"), by);

  /* Translators: "From example-telecom.es to example.net" */
  return g_strdup_printf (_("From %s to %s"), from, by);
}

static char *
note_text (const WhenceHop *hop)
{
  const WhenceReceived *r = hop->received;

  switch (hop->trust)
    {
    case WHENCE_TRUST_BOUNDARY:
      if (!is_blank (r->ip))
        return g_strdup_printf (_("Your email provider received it here, from the computer at %s. "
                                  "This is the sending computer."), r->ip);
      return g_strdup (_("Your email provider received it here."));

    case WHENCE_TRUST_UNVERIFIED:
      return g_strdup (_("Could be made up. This stamp was written before your email provider "
                         "got the email, so the sender could have written anything here."));

    case WHENCE_TRUST_RECIPIENT:
    default:
      return NULL;
    }
}

static void
set_label (GtkWidget  *label,
           const char *text)
{
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, !is_blank (text));
}

/**
 * whence_hop_row_new:
 * @hop: one hop of a trace
 * @step: its position in the journey, counted from 1 at the oldest
 * @n_steps: how many steps the journey has
 * @show_date: say the day, not only the time
 */
GtkWidget *
whence_hop_row_new (const WhenceHop *hop,
                    guint            step,
                    guint            n_steps,
                    gboolean         show_date)
{
  WhenceHopRow *self;
  const WhenceReceived *r;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  const char *icon;

  g_return_val_if_fail (hop != NULL && hop->received != NULL, NULL);

  r = hop->received;
  self = g_object_new (WHENCE_TYPE_HOP_ROW, NULL);
  self->hop_index = hop->index;
  self->trust = hop->trust;
  self->relay = r->relay;
  self->step = step;
  self->n_steps = n_steps;
  self->title = title_text (hop);
  self->hosts = hosts_text (r);
  self->note = note_text (hop);

  if (r->has_date)
    {
      g_autofree char *when = whence_format_local_time (r->date, show_date);

      if (hop->has_delay && hop->delay_s >= 0 && step > 1)
        {
          g_autofree char *delay = whence_format_delay (hop->delay_s);
          /* Translators: "09:14:06 · 3 seconds later" */
          self->time_text = g_strdup_printf (_("%s · %s"), when, delay);
        }
      else
        self->time_text = g_steal_pointer (&when);
    }
  else
    self->time_text = g_strdup (_("No time given"));

  if (hop->has_delay && hop->delay_s < 0)
    self->skew = whence_format_delay (hop->delay_s);

  set_label (self->title_label, self->title);
  set_label (self->hosts_label, self->hosts);
  set_label (self->time_label, self->time_text);
  set_label (self->note_label, self->note);
  set_label (self->skew_label, self->skew);
  gtk_widget_set_visible (self->note_box, self->note != NULL || self->skew != NULL);

  switch (hop->trust)
    {
    case WHENCE_TRUST_BOUNDARY:
      icon = "mark-location-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self), "hop-boundary");
      break;
    case WHENCE_TRUST_UNVERIFIED:
      icon = "dialog-question-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self), "hop-unverified");
      break;
    case WHENCE_TRUST_RECIPIENT:
    default:
      icon = "network-server-symbolic";
      break;
    }
  if (!r->relay)
    {
      icon = "emblem-system-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self), "hop-local");
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (self->marker), icon);

  /* A screen reader reads the row as one item: where, when, and what to
   * make of it. */
  /* Translators: "Step 2 of 5: From example.org to example.net. Thursday …" */
  label = g_strdup_printf (_("Step %u of %u: %s. %s."), step, n_steps, self->title, self->time_text);
  description = whence_hop_row_dup_description (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return GTK_WIDGET (self);
}

/**
 * whence_hop_row_dup_description:
 *
 * Returns: (transfer full): the machines' names and every note, one string
 */
char *
whence_hop_row_dup_description (WhenceHopRow *self)
{
  GString *text;

  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), NULL);

  text = g_string_new (self->hosts);
  if (self->note != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? ". " : "", self->note);
  if (self->skew != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", self->skew);

  return g_string_free (text, FALSE);
}

/**
 * whence_hop_row_shorten_note:
 *
 * Keeps only "Could be made up." on a row whose long explanation was
 * already given on an earlier row, so a long chain does not repeat it.
 */
void
whence_hop_row_shorten_note (WhenceHopRow *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (WHENCE_IS_HOP_ROW (self));

  if (self->trust != WHENCE_TRUST_UNVERIFIED)
    return;

  g_free (self->note);
  self->note = g_strdup (_("Could be made up."));
  set_label (self->note_label, self->note);

  description = whence_hop_row_dup_description (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/**
 * whence_hop_row_set_rail:
 * @first: the journey starts here (no line above the marker)
 * @last: the journey ends here (no line below)
 */
void
whence_hop_row_set_rail (WhenceHopRow *self,
                         gboolean      first,
                         gboolean      last)
{
  g_return_if_fail (WHENCE_IS_HOP_ROW (self));

  gtk_widget_set_opacity (self->top_line, first ? 0.0 : 1.0);
  gtk_widget_set_opacity (self->bottom_line, last ? 0.0 : 1.0);
}

guint
whence_hop_row_get_hop_index (WhenceHopRow *self)
{
  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), 0);
  return self->hop_index;
}

WhenceTrust
whence_hop_row_get_trust (WhenceHopRow *self)
{
  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), WHENCE_TRUST_UNVERIFIED);
  return self->trust;
}

gboolean
whence_hop_row_is_relay (WhenceHopRow *self)
{
  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), FALSE);
  return self->relay;
}

const char *
whence_hop_row_get_title (WhenceHopRow *self)
{
  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), NULL);
  return self->title;
}

const char *
whence_hop_row_get_note (WhenceHopRow *self)
{
  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), NULL);
  return self->note;
}

const char *
whence_hop_row_get_time_text (WhenceHopRow *self)
{
  g_return_val_if_fail (WHENCE_IS_HOP_ROW (self), NULL);
  return self->time_text;
}

static void
whence_hop_row_finalize (GObject *object)
{
  WhenceHopRow *self = WHENCE_HOP_ROW (object);

  g_free (self->title);
  g_free (self->hosts);
  g_free (self->time_text);
  g_free (self->note);
  g_free (self->skew);

  G_OBJECT_CLASS (whence_hop_row_parent_class)->finalize (object);
}

static void
whence_hop_row_class_init (WhenceHopRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = whence_hop_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-hop-row.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, top_line);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, bottom_line);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, marker);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, hosts_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, note_box);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceHopRow, skew_label);
}

static void
whence_hop_row_init (WhenceHopRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
