/* whence-batch-page.c
 *
 * Many emails at once, grouped by the computer that sent them, so a person
 * who gets the same worm every day sees "37 emails from 3 computers". Each
 * email row opens its result page (::message-activated).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-batch-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "whence-batch-page.h"
#include "whence-grouping.h"
#include "whence-hop-row.h"

typedef struct
{
  char      *key;      /* the origin's address; "" when unknown */
  char      *name;     /* as shown */
  GtkWidget *row;      /* AdwExpanderRow, owned by the list */
  guint      count;
  guint      order;    /* of first arrival */
  GPtrArray *messages; /* WhenceMessage, for rows not built yet */
  GArray    *indices;  /* guint, the same emails' indices */
  gboolean   built;    /* rows exist: the group was opened */
  gboolean   single;   /* @row is the one email's own row, not an expander */
  gboolean   known;    /* the sending computer is known */
  gboolean   dirty;    /* count changed since the row was last updated */
  WhenceBatchPage *page;
} Group;

struct _WhenceBatchPage
{
  GtkWidget       parent_instance;

  GtkLabel       *title_label;
  GtkWidget      *progress_box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkListBox     *groups_list;

  WhenceGrouping *grouping;        /* the core's count, for the title */
  GPtrArray      *groups;          /* Group, in order of first arrival */
  GHashTable     *groups_by_key;   /* key → Group (borrowed) */
  GHashTable     *rows_by_index;   /* message index → AdwActionRow (borrowed) */
  GHashTable     *group_by_index;  /* message index → Group (borrowed) */
  guint           n_messages;
  char           *title;
  GPtrArray      *dirty_groups;    /* Group (borrowed) whose rows wait for flush() */
  guint           n_rows_made;     /* row widgets built so far, for pacing */
  guint           flush_id;
};

G_DEFINE_FINAL_TYPE (WhenceBatchPage, whence_batch_page, GTK_TYPE_WIDGET)

enum {
  MESSAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_group_expanded (GObject    *row,
                               GParamSpec *pspec,
                               Group      *group);

static void
group_free (Group *group)
{
  g_free (group->key);
  g_free (group->name);
  g_ptr_array_unref (group->messages);
  g_array_unref (group->indices);
  g_free (group);
}

static void
update_title (WhenceBatchPage *self)
{
  g_free (self->title);
  self->title = whence_grouping_dup_summary (self->grouping);
  gtk_label_set_label (self->title_label, self->title);
}

static void
update_group_row (Group *group)
{
  g_autofree char *subtitle = NULL;

  if (group->single)
    return;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u email", "%u emails", group->count),
                              group->count);
  if (*group->key != '\0' && g_strcmp0 (group->key, group->name) != 0)
    {
      /* Translators: "12 emails · 203.0.113.5" */
      g_autofree char *with_ip = g_strdup_printf (_("%s · %s"), subtitle, group->key);
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_ip);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (group->row), subtitle);

  /* libadwaita 1.2 gives expander rows no accessible name. */
  {
    g_autofree char *label = g_strdup_printf ("%s, %s", group->name, subtitle);
    gtk_accessible_update_property (GTK_ACCESSIBLE (group->row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
}

/* Most emails first, so the computer that sends the most stands on top;
 * unknown senders last. */
static int
sort_groups (GtkListBoxRow *a,
             GtkListBoxRow *b,
             gpointer       user_data)
{
  Group *ga = g_object_get_data (G_OBJECT (a), "whence-group");
  Group *gb = g_object_get_data (G_OBJECT (b), "whence-group");
  gboolean unknown_a = *ga->key == '\0';
  gboolean unknown_b = *gb->key == '\0';

  if (unknown_a != unknown_b)
    return unknown_a ? 1 : -1;
  if (ga->count != gb->count)
    return ga->count > gb->count ? -1 : 1;

  return ga->order < gb->order ? -1 : 1;
}

static Group *
get_group (WhenceBatchPage    *self,
           const WhenceOrigin *origin)
{
  g_autoptr(GInetAddress) address = origin != NULL ? g_inet_address_new_from_string (origin->ip) : NULL;
  g_autofree char *key = NULL;
  Group *group;
  g_autofree char *name = NULL;

  /* Keyed as the core's grouping keys computers: one spelling per address. */
  key = address != NULL ? g_inet_address_to_string (address) : g_strdup ("");
  group = g_hash_table_lookup (self->groups_by_key, key);

  if (group != NULL)
    return group;

  if (origin == NULL)
    name = g_strdup (_("Sending computer not known"));
  else if (origin->webmail != NULL)
    name = g_strdup (origin->webmail);
  else
    name = whence_place_name (origin->rdns, origin->ip);

  group = g_new0 (Group, 1);
  group->key = g_strdup (key);
  group->name = g_strdup (name);
  group->order = self->groups->len;
  group->page = self;
  group->messages = g_ptr_array_new_with_free_func (g_object_unref);
  group->indices = g_array_new (FALSE, FALSE, sizeof (guint));
  group->known = origin != NULL;

  g_ptr_array_add (self->groups, group);
  g_hash_table_insert (self->groups_by_key, group->key, group);
  return group;
}

/* Counts, the title and the order change with every email, but are shown
 * at most once per frame, and only a few rows a frame: each changed row is
 * laid out and drawn again, and a mailbox changes hundreds of them between
 * two frames. */
#define FLUSH_ROWS_PER_FRAME 6

static gboolean flush_idle (gpointer user_data);

static void
flush_some (WhenceBatchPage *self,
            guint            max_rows)
{
  guint n = MIN (max_rows, self->dirty_groups->len);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->dirty_groups->len == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      Group *group = g_ptr_array_index (self->dirty_groups, i);

      group->dirty = FALSE;
      update_group_row (group);
      gtk_list_box_row_changed (GTK_LIST_BOX_ROW (group->row));
    }
  g_ptr_array_remove_range (self->dirty_groups, 0, n);
  update_title (self);

  /* The rest after the next frame. */
  if (self->dirty_groups->len > 0)
    self->flush_id = g_timeout_add_full (G_PRIORITY_HIGH_IDLE, 16, flush_idle, self, NULL);
}

static void
flush (WhenceBatchPage *self)
{
  flush_some (self, G_MAXUINT);
}

static gboolean
flush_idle (gpointer user_data)
{
  WhenceBatchPage *self = user_data;

  self->flush_id = 0;
  flush_some (self, FLUSH_ROWS_PER_FRAME);
  return G_SOURCE_REMOVE;
}

static void
on_message_row_activated (AdwActionRow    *row,
                          WhenceBatchPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "whence-index"));

  g_signal_emit (self, signals[MESSAGE_ACTIVATED], 0, index);
}

static GtkWidget *
message_row_new (WhenceBatchPage *self,
                 WhenceMessage   *message,
                 guint            index)
{
  GtkWidget *row = adw_action_row_new ();
  const char *subject = whence_message_get_subject (message);
  const char *from = whence_message_get_from (message);
  GDateTime *date = whence_message_get_date (message);
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  title = g_markup_escape_text (subject != NULL && *subject != '\0' ? subject : _("(No subject)"), -1);
  if (date != NULL)
    when = whence_format_local_time (g_date_time_to_unix (date), TRUE);
  /* Translators: "From: Anna <anna@example.org> · Thursday 26 November 2026, 10:13:51" */
  subtitle = g_markup_printf_escaped (when != NULL ? _("From: %s · %s") : _("From: %s"),
                                      from != NULL && *from != '\0' ? from : _("(nobody named)"),
                                      when);

  self->n_rows_made++;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-unread-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "whence-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (row, "activated", G_CALLBACK (on_message_row_activated), self, 0);

  return row;
}

/* Rows are built when a group is first opened: thousands of rows inside
 * closed groups would only slow every frame down. */
static void
build_rows (Group *group)
{
  if (group->built)
    return;

  group->built = TRUE;
  for (guint i = 0; i < group->messages->len; i++)
    {
      guint index = g_array_index (group->indices, guint, i);
      GtkWidget *row = message_row_new (group->page, g_ptr_array_index (group->messages, i), index);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (group->row), row);
      g_hash_table_insert (group->page->rows_by_index, GUINT_TO_POINTER (index), row);
    }
  g_ptr_array_set_size (group->messages, 0);
}

static void
on_group_expanded (GObject    *row,
                   GParamSpec *pspec,
                   Group      *group)
{
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    build_rows (group);
}

static const char *
group_icon (Group *group)
{
  return group->known ? "network-server-symbolic" : "dialog-question-symbolic";
}

/* A computer that sent one email gets that email's own row: one click
 * opens it. It becomes a group to open when a second email arrives. */
static void
place_group_row (WhenceBatchPage *self,
                 Group           *group,
                 WhenceMessage   *message,
                 guint            index)
{
  g_autofree char *escaped = g_markup_escape_text (group->name, -1);

  if (group->row == NULL)
    {
      const char *subject = whence_message_get_subject (message);
      g_autofree char *subtitle = NULL;

      group->single = TRUE;
      group->row = adw_action_row_new ();
      self->n_rows_made++;
      /* Translators: "1 email: “A very funny game” · 203.0.113.5" */
      subtitle = g_markup_printf_escaped (*group->key != '\0' && g_strcmp0 (group->key, group->name) != 0
                                          ? _("1 email: “%s” · %s") : _("1 email: “%s”"),
                                          subject != NULL && *subject != '\0' ? subject : _("(No subject)"),
                                          group->key);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (group->row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (group->row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (group->row), gtk_image_new_from_icon_name (group_icon (group)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (group->row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (group->row), TRUE);
      g_object_set_data (G_OBJECT (group->row), "whence-index", GUINT_TO_POINTER (index));
      g_object_set_data (G_OBJECT (group->row), "whence-group", group);
      g_signal_connect_object (group->row, "activated", G_CALLBACK (on_message_row_activated), self, 0);
      g_hash_table_insert (self->rows_by_index, GUINT_TO_POINTER (index), group->row);
      gtk_list_box_append (self->groups_list, group->row);
      return;
    }

  if (!group->single)
    return;

  /* The second email: the row becomes a group. */
  g_hash_table_remove (self->rows_by_index,
                       g_object_get_data (G_OBJECT (group->row), "whence-index"));
  gtk_list_box_remove (self->groups_list, group->row);
  group->single = FALSE;
  group->row = adw_expander_row_new ();
  self->n_rows_made++;
  g_object_set_data (G_OBJECT (group->row), "whence-group", group);
  g_signal_connect (group->row, "notify::expanded", G_CALLBACK (on_group_expanded), group);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (group->row), escaped);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (group->row), gtk_image_new_from_icon_name (group_icon (group)));
  gtk_list_box_append (self->groups_list, group->row);
}

/**
 * whence_batch_page_add:
 * @message: one email
 * @trace: its trace, which names the computer it is grouped under
 * @index: its position among the loaded emails, given back by
 *   ::message-activated
 */
void
whence_batch_page_add (WhenceBatchPage *self,
                       WhenceMessage   *message,
                       WhenceTrace     *trace,
                       guint            index)
{
  Group *group;
  GtkWidget *row;

  g_return_if_fail (WHENCE_IS_BATCH_PAGE (self));
  g_return_if_fail (WHENCE_IS_MESSAGE (message));
  g_return_if_fail (WHENCE_IS_TRACE (trace));

  group = get_group (self, whence_trace_get_origin (trace));
  whence_grouping_add (self->grouping, index,
                       whence_trace_get_origin (trace) != NULL ? whence_trace_get_origin (trace)->ip : NULL,
                       whence_trace_get_origin (trace) != NULL ? whence_trace_get_origin (trace)->rdns : NULL);
  g_hash_table_insert (self->group_by_index, GUINT_TO_POINTER (index), group);
  place_group_row (self, group, message, index);
  if (group->built)
    {
      row = message_row_new (self, message, index);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (group->row), row);
      g_hash_table_insert (self->rows_by_index, GUINT_TO_POINTER (index), row);
    }
  else
    {
      g_ptr_array_add (group->messages, g_object_ref (message));
      g_array_append_val (group->indices, index);
    }
  group->count++;
  self->n_messages++;

  /* A few emails from one computer: show them at once. */
  if (self->groups->len == 1 && group->count <= 20 && !group->single)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (group->row), TRUE);

  if (!group->dirty)
    {
      group->dirty = TRUE;
      g_ptr_array_add (self->dirty_groups, group);
    }
  /* Before the next frame's layout (GDK_PRIORITY_REDRAW). */
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, flush_idle, self, NULL);
}

void
whence_batch_page_clear (WhenceBatchPage *self)
{
  g_return_if_fail (WHENCE_IS_BATCH_PAGE (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->dirty_groups, 0);
  g_hash_table_remove_all (self->rows_by_index);
  g_hash_table_remove_all (self->group_by_index);
  g_hash_table_remove_all (self->groups_by_key);
  for (guint i = 0; i < self->groups->len; i++)
    gtk_list_box_remove (self->groups_list, ((Group *) g_ptr_array_index (self->groups, i))->row);
  g_ptr_array_set_size (self->groups, 0);
  whence_grouping_free (self->grouping);
  self->grouping = whence_grouping_new ();
  self->n_messages = 0;
  whence_batch_page_set_progress (self, 0, 0);
  update_title (self);
}

/**
 * whence_batch_page_set_progress:
 * @done: emails traced so far
 * @total: emails to trace; 0 hides the progress bar
 */
void
whence_batch_page_set_progress (WhenceBatchPage *self,
                                guint            done,
                                guint            total)
{
  g_autofree char *text = NULL;

  g_return_if_fail (WHENCE_IS_BATCH_PAGE (self));

  gtk_widget_set_visible (self->progress_box, total > 0 && done < total);
  if (total == 0)
    return;

  /* Translators: "Tracing 120 of 400 emails…" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tracing %u of %u email…",
                                       "Tracing %u of %u emails…", total), done, total);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
}

guint
whence_batch_page_get_n_messages (WhenceBatchPage *self)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), 0);
  return self->n_messages;
}

/**
 * whence_batch_page_get_n_rows_made:
 *
 * Returns: how many row widgets the page has built so far: each costs the
 *   next frame, so a caller adding many emails can pace itself
 */
guint
whence_batch_page_get_n_rows_made (WhenceBatchPage *self)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), 0);
  return self->n_rows_made;
}

/**
 * whence_batch_page_is_settling:
 *
 * Returns: whether counts, order or the title still wait to be shown (they
 *   are shown a few rows a frame)
 */
gboolean
whence_batch_page_is_settling (WhenceBatchPage *self)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), FALSE);
  return self->dirty_groups->len > 0;
}

guint
whence_batch_page_get_n_groups (WhenceBatchPage *self)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), 0);
  return self->groups->len;
}

/**
 * whence_batch_page_get_group_size:
 * @group: 0 for the group shown first (most emails)
 */
guint
whence_batch_page_get_group_size (WhenceBatchPage *self,
                                  guint            group)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), 0);
  g_return_val_if_fail (group < self->groups->len, 0);

  flush (self);
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->groups_list, group);
    return ((Group *) g_object_get_data (G_OBJECT (row), "whence-group"))->count;
  }
}

const char *
whence_batch_page_get_title (WhenceBatchPage *self)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), NULL);
  flush (self);
  return self->title;
}

/**
 * whence_batch_page_get_message_row:
 *
 * Returns: (transfer none) (nullable): the row that opens email @index
 */
GtkWidget *
whence_batch_page_get_message_row (WhenceBatchPage *self,
                                   guint            index)
{
  g_return_val_if_fail (WHENCE_IS_BATCH_PAGE (self), NULL);
  {
    Group *group = g_hash_table_lookup (self->group_by_index, GUINT_TO_POINTER (index));

    if (group == NULL)
      return NULL;
    flush (self);
    if (!group->single)
      build_rows (group);
    return g_hash_table_lookup (self->rows_by_index, GUINT_TO_POINTER (index));
  }
}

static void
whence_batch_page_dispose (GObject *object)
{
  WhenceBatchPage *self = WHENCE_BATCH_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->dirty_groups, 0);
  g_hash_table_remove_all (self->rows_by_index);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHENCE_TYPE_BATCH_PAGE);
  /* Layout-manager widgets own their children directly. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (whence_batch_page_parent_class)->dispose (object);
}

static void
whence_batch_page_finalize (GObject *object)
{
  WhenceBatchPage *self = WHENCE_BATCH_PAGE (object);

  g_hash_table_unref (self->rows_by_index);
  g_hash_table_unref (self->group_by_index);
  g_hash_table_unref (self->groups_by_key);
  whence_grouping_free (self->grouping);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->dirty_groups);
  g_free (self->title);

  G_OBJECT_CLASS (whence_batch_page_parent_class)->finalize (object);
}

static void
whence_batch_page_class_init (WhenceBatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_batch_page_dispose;
  object_class->finalize = whence_batch_page_finalize;

  /**
   * WhenceBatchPage::message-activated:
   * @index: the email's position among the loaded emails
   */
  signals[MESSAGE_ACTIVATED] = g_signal_new ("message-activated",
                                             G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-batch-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceBatchPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceBatchPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, WhenceBatchPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceBatchPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WhenceBatchPage, groups_list);
}

static void
whence_batch_page_init (WhenceBatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->dirty_groups = g_ptr_array_new ();
  self->grouping = whence_grouping_new ();
  self->groups_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->rows_by_index = g_hash_table_new (NULL, NULL);
  self->group_by_index = g_hash_table_new (NULL, NULL);
  update_title (self);
  gtk_list_box_set_sort_func (self->groups_list, sort_groups, NULL, NULL);
}

GtkWidget *
whence_batch_page_new (void)
{
  return g_object_new (WHENCE_TYPE_BATCH_PAGE, NULL);
}
