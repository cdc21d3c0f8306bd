/* whence-journey-view.c
 *
 * The journey, drawn from real widgets: one list row per hop, oldest first,
 * ending at "Your mailbox". A list, so a screen reader reads the steps in
 * order; rows wrap, so it works at 360 px as well as on a wide screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-journey-view"

#include "config.h"

#include <glib/gi18n.h>

#include "whence-journey-view.h"

struct _WhenceJourneyView
{
  GtkWidget    parent_instance;

  GtkListBox  *list;
  WhenceTrace *trace;
  GPtrArray   *hop_rows;   /* WhenceHopRow, oldest first; borrowed from the list */
  GtkWidget   *toggle_row; /* "Show N earlier steps", or NULL */
  GtkWidget   *toggle_label;
  guint        n_collapsed;
  gboolean     show_all;
};

G_DEFINE_FINAL_TYPE (WhenceJourneyView, whence_journey_view, GTK_TYPE_WIDGET)

static GtkWidget *
mailbox_row_new (gboolean first)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *rail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *marker = g_object_new (GTK_TYPE_IMAGE,
                                    "icon-name", "mail-unread-symbolic",
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL);
  GtkWidget *label = gtk_label_new (_("Your mailbox"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "hop-mailbox");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_set_size_request (rail, 24, -1);
  gtk_widget_set_size_request (line, -1, 14);
  gtk_widget_set_halign (line, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (line, "journey-line");
  gtk_widget_set_opacity (line, first ? 0.0 : 1.0);
  gtk_widget_add_css_class (marker, "journey-marker");
  gtk_box_append (GTK_BOX (rail), line);
  gtk_box_append (GTK_BOX (rail), marker);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);

  gtk_box_append (GTK_BOX (box), rail);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Last step: your mailbox"),
                                  -1);
  return row;
}

static GtkWidget *
placeholder_new (void)
{
  GtkWidget *label = gtk_label_new (_("This email has no delivery stamps, so its journey cannot be "
                                      "shown. It may have been saved before it was sent, or the "
                                      "stamps were removed."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static void
clear_rows (WhenceJourneyView *self)
{
  GtkListBoxRow *row;

  g_ptr_array_set_size (self->hop_rows, 0);
  self->toggle_row = NULL;
  self->toggle_label = NULL;
  self->n_collapsed = 0;
  self->show_all = FALSE;
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
}

static gboolean
same_local_day (gint64 a,
                gint64 b)
{
  g_autoptr(GDateTime) da = g_date_time_new_from_unix_local (a);
  g_autoptr(GDateTime) db = g_date_time_new_from_unix_local (b);

  if (da == NULL || db == NULL)
    return FALSE;

  return g_date_time_get_year (da) == g_date_time_get_year (db) &&
         g_date_time_get_day_of_year (da) == g_date_time_get_day_of_year (db);
}

static void
update_collapsed (WhenceJourneyView *self)
{
  g_autofree char *text = NULL;

  if (self->toggle_row == NULL)
    return;

  for (guint i = 0; i < self->n_collapsed; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->hop_rows, i), self->show_all);
  /* The first row showing starts the line. */
  whence_hop_row_set_rail (g_ptr_array_index (self->hop_rows, self->n_collapsed), !self->show_all, FALSE);

  if (self->show_all)
    text = g_strdup (_("Hide the earlier steps"));
  else
    /* Translators: shown above a journey whose oldest steps are hidden */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Show %u earlier step. It could be made up.",
                                         "Show %u earlier steps. They could be made up.",
                                         self->n_collapsed),
                            self->n_collapsed);
  gtk_label_set_label (GTK_LABEL (self->toggle_label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static GtkWidget *
toggle_row_new (WhenceJourneyView *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "view-more-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  "width-request", 24,
                                  NULL);

  self->toggle_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->toggle_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->toggle_label), 0);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), self->toggle_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "hop-toggle");
  return row;
}

static void
on_row_activated (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  WhenceJourneyView *self)
{
  if (GTK_WIDGET (row) == self->toggle_row)
    whence_journey_view_set_show_all (self, !self->show_all);
}

/**
 * whence_journey_view_set_show_all:
 * @show_all: show every step, also the older ones that could be made up
 *
 * A long chain of steps the sender could have written (a mailing list, a
 * forward) is folded to the newest of them, behind one row that opens it.
 */
void
whence_journey_view_set_show_all (WhenceJourneyView *self,
                                  gboolean           show_all)
{
  g_return_if_fail (WHENCE_IS_JOURNEY_VIEW (self));

  self->show_all = show_all;
  update_collapsed (self);
}

/**
 * whence_journey_view_get_n_collapsed:
 *
 * Returns: how many of the oldest steps are folded away (0 when shown)
 */
guint
whence_journey_view_get_n_collapsed (WhenceJourneyView *self)
{
  g_return_val_if_fail (WHENCE_IS_JOURNEY_VIEW (self), 0);
  return self->show_all ? 0 : self->n_collapsed;
}

/**
 * whence_journey_view_set_trace:
 * @trace: (nullable): the trace to draw
 *
 * Rows go oldest first: the trace lists hops in header order, newest first.
 */
void
whence_journey_view_set_trace (WhenceJourneyView *self,
                               WhenceTrace       *trace)
{
  guint n_hops;
  gboolean have_last_date = FALSE;
  guint n_unverified = 0;
  gint64 last_date = 0;

  g_return_if_fail (WHENCE_IS_JOURNEY_VIEW (self));
  g_return_if_fail (trace == NULL || WHENCE_IS_TRACE (trace));

  clear_rows (self);
  g_set_object (&self->trace, trace);
  if (trace == NULL)
    return;

  n_hops = whence_trace_get_n_hops (trace);
  for (guint i = 0; i < n_hops; i++)
    n_unverified += whence_trace_get_hop (trace, i)->trust == WHENCE_TRUST_UNVERIFIED;
  if (n_unverified > 2)
    self->n_collapsed = n_unverified - 1;

  for (guint step = 1; step <= n_hops; step++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, n_hops - step);
      const WhenceReceived *r = hop->received;
      gboolean show_date = FALSE;
      GtkWidget *row;

      /* The first step showing when folded says the day too. */
      if (self->n_collapsed > 0 && step - 1 == self->n_collapsed)
        have_last_date = FALSE;

      if (r->has_date)
        {
          show_date = !have_last_date || !same_local_day (last_date, r->date);
          have_last_date = TRUE;
          last_date = r->date;
        }

      row = whence_hop_row_new (hop, step, n_hops + 1, show_date);
      whence_hop_row_set_rail (WHENCE_HOP_ROW (row), step == 1, FALSE);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->hop_rows, row);
    }

  if (n_hops > 0)
    gtk_list_box_append (self->list, mailbox_row_new (FALSE));

  /* The unverified steps are the oldest. The newest of them, next to
   * where the provider took over, explains "could be made up" in full. */
  for (guint i = 0; i + 1 < n_unverified; i++)
    whence_hop_row_shorten_note (g_ptr_array_index (self->hop_rows, i));

  if (self->n_collapsed > 0)
    {
      self->toggle_row = toggle_row_new (self);
      gtk_list_box_prepend (self->list, self->toggle_row);
      update_collapsed (self);
    }
}

WhenceTrace *
whence_journey_view_get_trace (WhenceJourneyView *self)
{
  g_return_val_if_fail (WHENCE_IS_JOURNEY_VIEW (self), NULL);
  return self->trace;
}

guint
whence_journey_view_get_n_hop_rows (WhenceJourneyView *self)
{
  g_return_val_if_fail (WHENCE_IS_JOURNEY_VIEW (self), 0);
  return self->hop_rows->len;
}

/**
 * whence_journey_view_get_hop_row:
 * @position: 0 for the oldest step
 *
 * Returns: (transfer none)
 */
WhenceHopRow *
whence_journey_view_get_hop_row (WhenceJourneyView *self,
                                 guint              position)
{
  g_return_val_if_fail (WHENCE_IS_JOURNEY_VIEW (self), NULL);
  g_return_val_if_fail (position < self->hop_rows->len, NULL);

  return g_ptr_array_index (self->hop_rows, position);
}

GtkListBox *
whence_journey_view_get_list (WhenceJourneyView *self)
{
  g_return_val_if_fail (WHENCE_IS_JOURNEY_VIEW (self), NULL);
  return self->list;
}

static void
whence_journey_view_dispose (GObject *object)
{
  WhenceJourneyView *self = WHENCE_JOURNEY_VIEW (object);

  g_ptr_array_set_size (self->hop_rows, 0);
  g_clear_pointer ((GtkWidget **) &self->list, gtk_widget_unparent);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (whence_journey_view_parent_class)->dispose (object);
}

static void
whence_journey_view_finalize (GObject *object)
{
  WhenceJourneyView *self = WHENCE_JOURNEY_VIEW (object);

  g_ptr_array_unref (self->hop_rows);

  G_OBJECT_CLASS (whence_journey_view_parent_class)->finalize (object);
}

static void
whence_journey_view_class_init (WhenceJourneyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_journey_view_dispose;
  object_class->finalize = whence_journey_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "journey");
}

static void
whence_journey_view_init (WhenceJourneyView *self)
{
  self->hop_rows = g_ptr_array_new ();
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (self->list, placeholder_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "journey-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The journey of this email, oldest step first"),
                                  -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

GtkWidget *
whence_journey_view_new (void)
{
  return g_object_new (WHENCE_TYPE_JOURNEY_VIEW, NULL);
}
