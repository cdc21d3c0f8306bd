/* whence-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-message"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "whence-core-resources.h"
#include "whence-error.h"
#include "whence-gmime-private.h"
#include "whence-header-block.h"
#include "whence-message.h"

/* Files at most this big are read into memory and closed at once, so that a
 * drop of a thousand files never holds a thousand descriptors open. Bigger
 * ones are parsed straight from the file: GMime then only records where each
 * part lies, and memory stays flat whatever the attachments weigh. */
#define IN_MEMORY_LIMIT (8 * 1024 * 1024)

/* How much of the start of an input is inspected to tell an email from a
 * picture, a document or other binary data. */
#define SNIFF_LENGTH 4096

struct _WhenceMessage
{
  GObject        parent_instance;

  GMimeObject   *top;           /* what GMime parsed: the message, or its body alone */
  GMimeObject   *body;          /* the top of the MIME tree */
  GArray        *fields;        /* HeaderField: the message's own headers, in order */
  GString       *store;         /* their text, when split by whence-header-block */
  GMimeStream   *source;        /* the stream the message was parsed from */
  gint64         start;         /* its byte range within @source */
  gint64         end;

  char          *source_name;
  guint          source_index;

  char          *subject;       /* cleaned: valid UTF-8, no line breaks */
  char          *message_id;
  char          *from;
  char          *from_address;
  char          *raw_headers;   /* built once: the trace and the analysis read it */
  GDateTime     *date;
  GPtrArray     *received;      /* unfolded values, topmost first */
  guint          n_received;    /* how many the header block holds */
  GPtrArray     *parts;         /* WhenceMimePart, built on first use */
  GPtrArray     *notes;         /* WhenceLimitNote */
  gboolean       headers_only;
  gboolean       header_cut;    /* only the start of the headers was read */
};

/* What went wrong while parsing one message, as far as limits go. */
typedef struct
{
  gboolean nesting_overflow;
  gboolean header_block_cut;
  gboolean header_line_cut;
} ParseIssues;

/* One header of the message. The strings are GMime's or the store's. */
typedef struct
{
  const char *name;
  const char *raw_name;
  char       *raw_value;   /* a cut copy of its own when raw_owned */
  char       *value;       /* unfolded and decoded on first use */
  gboolean    raw_owned;
} HeaderField;

G_DEFINE_FINAL_TYPE (WhenceMessage, whence_message, G_TYPE_OBJECT)

static void header_field_clear (HeaderField *field);
static char *build_raw_headers (WhenceMessage *self);

static void
whence_mime_part_free (WhenceMimePart *part)
{
  g_free (part->content_type);
  g_free (part->filename);
  g_free (part->disposition);
  g_free (part->encoding);
  g_free (part->path);
  g_free (part);
}

static void
whence_limit_note_free (WhenceLimitNote *note)
{
  g_free (note->message);
  g_free (note);
}

static void
add_note (WhenceMessage *self,
          const char    *code,
          char          *message)
{
  WhenceLimitNote *note = g_new0 (WhenceLimitNote, 1);

  note->code = code;
  note->message = message;
  g_ptr_array_add (self->notes, note);
}

static void
whence_message_finalize (GObject *object)
{
  WhenceMessage *self = (WhenceMessage *)object;

  g_clear_pointer (&self->raw_headers, g_free);
  g_clear_pointer (&self->fields, g_array_unref);
  if (self->store != NULL)
    g_string_free (g_steal_pointer (&self->store), TRUE);
  g_clear_object (&self->top);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_object (&self->source);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->from_address, g_free);
  g_clear_pointer (&self->received, g_ptr_array_unref);
  g_clear_pointer (&self->parts, g_ptr_array_unref);

  G_OBJECT_CLASS (whence_message_parent_class)->finalize (object);
}

static void
whence_message_class_init (WhenceMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = whence_message_finalize;
}

static void
whence_message_init (WhenceMessage *self)
{
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_limit_note_free);
  self->fields = g_array_new (FALSE, FALSE, sizeof (HeaderField));
  g_array_set_clear_func (self->fields, (GDestroyNotify) header_field_clear);
}

/**
 * whence_core_init:
 *
 * Initialises the libraries the core relies on. Safe to call more than once
 * and from any thread.
 */
void
whence_core_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_mime_init ();
      /* Explicit, so a static link cannot drop the bundled data. */
      whence_core_register_resource ();
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * whence_unfold_header:
 * @value: a raw, possibly folded header value
 *
 * Undoes RFC 5322 folding: line breaks followed by white space are removed,
 * the white space itself is kept. Stray line breaks become spaces, and
 * leading and trailing white space is dropped.
 *
 * Returns: (transfer full): the unfolded value
 */
char *
whence_unfold_header (const char *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (strlen (value));
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          if (p[1] != ' ' && p[1] != '\t' && p[1] != '\r' && p[1] != '\n' && p[1] != '\0')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_strstrip (g_string_free (out, FALSE));
}

/**
 * whence_clean_text:
 * @text: (nullable): text taken from a message
 * @max_bytes: the most bytes to keep, or 0 for no limit
 *
 * Makes text from a message safe to show and to put in a report: invalid
 * UTF-8 is replaced, control characters (line breaks included, so nothing
 * can smuggle a header into a report) become spaces, tabs stay, and the text
 * is cut at a character boundary after @max_bytes.
 *
 * Returns: (transfer full) (nullable): the cleaned text, %NULL for %NULL
 */
char *
whence_clean_text (const char *text,
                   gsize       max_bytes)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize len;

  if (text == NULL)
    return NULL;

  len = strlen (text);
  if (max_bytes > 0 && len > max_bytes)
    len = max_bytes;

  /* Almost every header is plain printable ASCII: copy it as it is. */
  {
    gsize i = 0;

    while (i < len && (((guchar) text[i] >= 0x20 && (guchar) text[i] < 0x7f) || text[i] == '\t'))
      i++;
    if (i == len)
      return g_strndup (text, len);
  }

  valid = g_utf8_make_valid (text, len);

  /* Control characters become spaces: C0 (but tabs), DEL, and C1, which is
   * U+0080 to U+009F, 0xC2 0x80 to 0xC2 0x9F in valid UTF-8. */
  out = g_string_sized_new (strlen (valid));
  for (const guchar *p = (const guchar *) valid; *p != '\0'; p++)
    {
      if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
        g_string_append_c (out, ' ');
      else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        {
          g_string_append_c (out, ' ');
          p++;
        }
      else
        g_string_append_c (out, (char) *p);
    }

  /* g_utf8_make_valid() may have grown the text; cut again, whole characters. */
  if (max_bytes > 0 && out->len > max_bytes)
    {
      const char *end = g_utf8_find_prev_char (out->str, out->str + max_bytes + 1);

      g_string_truncate (out, end != NULL ? (gsize) (end - out->str) : 0);
    }

  return g_string_free (out, FALSE);
}

static gboolean
looks_binary (const guint8 *data,
              gsize         len)
{
  static const struct { const char *magic; gsize len; } magics[] = {
    { "\x89PNG", 4 }, { "GIF8", 4 }, { "\xff\xd8\xff", 3 }, { "%PDF", 4 },
    { "PK\x03\x04", 4 }, { "MZ", 2 }, { "\x7f" "ELF", 4 }, { "\x1f\x8b", 2 },
    { "BZh", 3 }, { "\xd0\xcf\x11\xe0", 4 }, { "Rar!", 4 }, { "7z\xbc\xaf", 4 },
  };
  gsize control = 0;

  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (len >= magics[i].len && memcmp (data, magics[i].magic, magics[i].len) == 0)
      return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0)
        return TRUE;
      if (data[i] < 0x20 && data[i] != '\r' && data[i] != '\n' && data[i] != '\t'
          && data[i] != '\f' && data[i] != 0x1b)
        control++;
    }

  /* Real mail, even mangled, is overwhelmingly text. */
  return len > 0 && control * 10 > len;
}

/* How many bytes of byte order mark and blank lines come before the headers. */
static gsize
leading_junk (const guint8 *data,
              gsize         len)
{
  gsize i = 0;
  gsize line_start;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  line_start = i;
  for (; i < len && (data[i] == '\r' || data[i] == '\n' || data[i] == ' ' || data[i] == '\t'); i++)
    if (data[i] == '\n' || data[i] == '\r')
      line_start = i + 1;

  /* Keep the indentation of the first line: it is not a blank line. */
  return line_start;
}

/* An email (or an mbox) starts with a header field or an mbox "From " line. */
static gboolean
starts_like_email (const guint8 *data,
                   gsize         len)
{
  gsize i = 0;

  /* Tolerate a UTF-8 byte order mark and blank lines pasted before headers. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < len && (data[i] == '\r' || data[i] == '\n' || data[i] == ' ' || data[i] == '\t'))
    i++;

  if (len - i >= 5 && memcmp (data + i, "From ", 5) == 0)
    return TRUE;

  for (gsize j = i; j < len; j++)
    {
      if (data[j] == ':')
        return j > i;
      /* RFC 5322 field names: printable ASCII except colon and space. */
      if (data[j] <= 32 || data[j] >= 127)
        return FALSE;
    }

  return FALSE;
}

static gboolean
is_mbox (const guint8 *data,
         gsize         len)
{
  return len >= 5 && memcmp (data, "From ", 5) == 0;
}

static gboolean
check_content (const guint8  *data,
               gsize          len,
               GError       **error)
{
  gsize sniff = MIN (len, SNIFF_LENGTH);

  if (len == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_EMPTY,
                           _("This file is empty. Save the email again from your mail app and try once more."));
      return FALSE;
    }

  if (looks_binary (data, sniff) || !starts_like_email (data, sniff))
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_NOT_AN_EMAIL,
                           _("This file is not an email. Whence needs an email saved as a file (.eml) or its headers."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_cr_only (const guint8 *data,
            gsize         len)
{
  return memchr (data, '\n', len) == NULL && memchr (data, '\r', len) != NULL;
}

static void
header_field_clear (HeaderField *field)
{
  if (field->raw_owned)
    g_free (field->raw_value);
  g_free (field->value);
}

static void
add_field (WhenceMessage *self,
           const char    *name,
           const char    *raw_name,
           const char    *raw_value)
{
  HeaderField field = { name, raw_name, (char *) raw_value, NULL, FALSE };

  g_array_append_val (self->fields, field);
}

/* The message's own headers as GMime read them. A GMimeMessage keeps the
 * Content-* headers on its body part: they are not among them. */
static void
take_gmime_fields (WhenceMessage *self)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (self->top);
  int count = g_mime_header_list_get_count (headers);

  for (int i = 0; i < count; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);

      add_field (self, g_mime_header_get_name (header), g_mime_header_get_raw_name (header),
                 g_mime_header_get_raw_value (header));
    }
}

/* The message's own headers as split by whence_header_block_split(), the
 * Content-* ones left out as a GMimeMessage leaves them out. */
static void
take_split_fields (WhenceMessage *self,
                   GArray        *slices,
                   GString       *store)
{
  self->store = store;
  for (guint i = 0; i < slices->len; i++)
    {
      const WhenceHeaderSlice *slice = &g_array_index (slices, WhenceHeaderSlice, i);

      if (g_ascii_strncasecmp (store->str + slice->name, "Content-", 8) != 0)
        add_field (self, store->str + slice->name, store->str + slice->raw_name,
                   store->str + slice->raw_value);
    }
}

/* What g_mime_header_get_value() gives: unfolded, then decoded. */
static const char *
field_value (HeaderField *field)
{
  if (field->value == NULL && field->raw_value != NULL)
    {
      g_autofree char *unfolded = g_mime_utils_header_unfold (field->raw_value);

      field->value = g_mime_utils_header_decode_text (NULL, unfolded);
    }

  return field->value;
}

static gboolean
field_is (const HeaderField *field,
          const char        *name)
{
  return g_ascii_strcasecmp (field->name, name) == 0;
}

#define FIELD(self, i) (&g_array_index ((self)->fields, HeaderField, (i)))

/* Every From header's addresses, in order, as GMimeMessage collects them. */
static char *
dup_from (WhenceMessage       *self,
          GMimeParserOptions  *options,
          char               **address)
{
  g_autoptr(InternetAddressList) list = internet_address_list_new ();
  g_autofree char *text = NULL;
  InternetAddress *first;

  *address = NULL;
  for (guint i = 0; i < self->fields->len; i++)
    {
      HeaderField *field = FIELD (self, i);
      InternetAddressList *parsed;

      if (!field_is (field, "From") || field->raw_value == NULL
          || (parsed = internet_address_list_parse (options, field->raw_value)) == NULL)
        continue;
      internet_address_list_append (list, parsed);
      g_object_unref (parsed);
    }
  if (internet_address_list_length (list) == 0)
    return NULL;

  first = internet_address_list_get_address (list, 0);
  if (INTERNET_ADDRESS_IS_MAILBOX (first))
    *address = whence_clean_text (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (first)),
                                  WHENCE_MESSAGE_MAX_HEADER_LINE);

  text = internet_address_list_to_string (list, NULL, FALSE);

  return whence_clean_text (text, WHENCE_MESSAGE_MAX_HEADER_LINE);
}

/* Keeps the newest WHENCE_MESSAGE_MAX_RECEIVED lines, counts them all. */
static GPtrArray *
collect_received (WhenceMessage *self,
                  guint         *total)
{
  GPtrArray *received = g_ptr_array_new_with_free_func (g_free);

  *total = 0;
  for (guint i = 0; i < self->fields->len; i++)
    {
      HeaderField *field = FIELD (self, i);
      g_autofree char *unfolded = NULL;

      if (!field_is (field, "Received"))
        continue;

      if ((*total)++ >= WHENCE_MESSAGE_MAX_RECEIVED)
        continue;

      unfolded = whence_unfold_header (field->raw_value != NULL ? field->raw_value : "");
      g_ptr_array_add (received, whence_clean_text (unfolded, WHENCE_MESSAGE_MAX_HEADER_LINE));
    }

  return received;
}

/* A header far longer than any real one is cut, so that nothing downstream
 * (the trace, the window, a report) ever handles megabytes of one value. */
static gboolean
cut_long_headers (WhenceMessage *self)
{
  gboolean cut = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      HeaderField *field = FIELD (self, i);
      const char *raw = field->raw_value;

      if (raw != NULL && strnlen (raw, WHENCE_MESSAGE_MAX_HEADER_LINE + 1) > WHENCE_MESSAGE_MAX_HEADER_LINE)
        {
          char *shorter = g_strndup (raw, WHENCE_MESSAGE_MAX_HEADER_LINE);

          if (field->raw_owned)
            g_free (field->raw_value);
          field->raw_value = shorter;
          field->raw_owned = TRUE;
          g_clear_pointer (&field->value, g_free);
          cut = TRUE;
        }
    }

  return cut;
}

static guint64 encoded_size (GMimePart *part);

/* Pasted headers come without a body; GMime then gives an empty text part. */
static gboolean
is_empty_body (GMimeObject *body)
{
  return body == NULL || (GMIME_IS_PART (body) && encoded_size (GMIME_PART (body)) == 0);
}

/* Subject, Date and Message-Id as GMimeMessage reads them: the last one of
 * each wins, decoded by GMime. */
static void
read_message_headers (WhenceMessage *self)
{
  const char *subject = NULL;
  g_autofree char *message_id = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      HeaderField *field = FIELD (self, i);
      const char *value;

      if (field_is (field, "Subject"))
        subject = field_value (field);
      else if (field_is (field, "Date") && (value = field_value (field)) != NULL)
        {
          g_clear_pointer (&self->date, g_date_time_unref);
          self->date = g_mime_utils_header_decode_date (value);
        }
      else if (field_is (field, "Message-Id"))
        {
          g_clear_pointer (&message_id, g_free);
          if ((value = field_value (field)) != NULL)
            message_id = g_mime_utils_decode_message_id (value);
        }
    }

  self->subject = whence_clean_text (subject, WHENCE_MESSAGE_MAX_HEADER_LINE);
  self->message_id = whence_clean_text (message_id, WHENCE_MESSAGE_MAX_HEADER_LINE);
}

/* @top: what GMime parsed: the message, or (when @slices holds the
 * message's headers) only its body. Takes @store. */
static WhenceMessage *
whence_message_new_for_mime (GMimeObject        *top,
                             GArray             *slices,
                             GString            *store,
                             GMimeParserOptions *options,
                             GMimeStream        *source,
                             gint64              start,
                             gint64              end,
                             const char         *source_name,
                             guint               source_index,
                             const ParseIssues  *issues)
{
  WhenceMessage *self = g_object_new (WHENCE_TYPE_MESSAGE, NULL);
  gboolean line_cut;

  self->top = g_object_ref (top);
  self->body = GMIME_IS_MESSAGE (top) ? g_mime_message_get_mime_part (GMIME_MESSAGE (top)) : top;
  if (slices != NULL)
    take_split_fields (self, slices, store);
  else
    take_gmime_fields (self);
  line_cut = cut_long_headers (self) || issues->header_line_cut;
  self->raw_headers = build_raw_headers (self);
  self->source = g_object_ref (source);
  self->start = start;
  self->end = end;
  self->source_name = g_strdup (source_name);
  self->source_index = source_index;
  read_message_headers (self);
  self->from = dup_from (self, options, &self->from_address);
  self->received = collect_received (self, &self->n_received);
  self->header_cut = issues->header_block_cut;
  self->headers_only = is_empty_body (self->body);

  if (issues->header_block_cut)
    add_note (self, "header-block",
              g_strdup_printf (_("The headers of this email are longer than %u MB, far more than any real email has. Only the first %u MB were read, and its attachments were not looked at."),
                               WHENCE_MESSAGE_MAX_HEADER_BLOCK / (1024 * 1024),
                               WHENCE_MESSAGE_MAX_HEADER_BLOCK / (1024 * 1024)));
  if (line_cut)
    add_note (self, "header-line",
              g_strdup_printf (_("A header line of this email is longer than %u KB. Only its first %u KB were read."),
                               WHENCE_MESSAGE_MAX_HEADER_LINE / 1024,
                               WHENCE_MESSAGE_MAX_HEADER_LINE / 1024));
  if (self->n_received > WHENCE_MESSAGE_MAX_RECEIVED)
    add_note (self, "received",
              g_strdup_printf (issues->header_block_cut
                               ? _("This email has more than %u Received lines; only the newest %u were traced.")
                               : _("This email has %u Received lines; only the newest %u were traced."),
                               self->n_received, WHENCE_MESSAGE_MAX_RECEIVED));
  if (issues->nesting_overflow)
    add_note (self, "mime-depth",
              g_strdup (_("The parts of this email are nested deeper than any real email’s. The deepest parts were not looked at.")));

  return self;
}

/* Hands each parsed message on as soon as it is complete, so that an mbox
 * of thousands of messages is streamed, not held whole. In an mbox a message
 * ends where the next one's separator begins: each is held back until the
 * next is parsed. */
typedef struct
{
  WhenceMessageFunc  func;
  gpointer           user_data;
  WhenceMessage     *pending;
  guint              count;
  gboolean           stopped;
} Emitter;

static void
emitter_deliver (Emitter       *emitter,
                 WhenceMessage *message)
{
  if (!emitter->stopped && !emitter->func (message, emitter->user_data))
    emitter->stopped = TRUE;
  g_object_unref (message);
}

static void
emitter_push (Emitter       *emitter,
              WhenceMessage *message)
{
  WhenceMessage *previous = g_steal_pointer (&emitter->pending);

  emitter->count++;
  if (previous != NULL)
    {
      if (previous->end > message->start)
        previous->end = message->start;
      emitter_deliver (emitter, previous);
    }
  emitter->pending = message;
}

static void
emitter_flush (Emitter *emitter)
{
  if (emitter->pending != NULL)
    emitter_deliver (emitter, g_steal_pointer (&emitter->pending));
}

static gboolean
collect_message (WhenceMessage *message,
                 gpointer       user_data)
{
  g_ptr_array_add (user_data, g_object_ref (message));

  return TRUE;
}

static gboolean
has_any_header (GMimeObject *top)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (top);

  return headers != NULL && g_mime_header_list_get_count (headers) > 0;
}

/* GMime stops nesting parts at 1024 levels (its MAX_LEVEL) and treats
 * what lies deeper as one opaque part. Nothing real comes near it. */
#define GMIME_NESTING_LIMIT 1000

/* How deep the tree under @object goes, counting attached emails, up to
 * GMIME_NESTING_LIMIT. GMime would say so through a warning callback, but
 * with one installed it decodes every header of every part as it parses,
 * in case it has something to warn about: half the cost of a trace. */
static guint
nesting_depth (GMimeObject *object,
               guint        depth)
{
  while (object != NULL && depth < GMIME_NESTING_LIMIT)
    {
      GMimeMessage *inner;

      if (GMIME_IS_MESSAGE (object))
        {
          object = g_mime_message_get_mime_part (GMIME_MESSAGE (object));
          continue;
        }
      if (GMIME_IS_MULTIPART (object))
        {
          int count = g_mime_multipart_get_count (GMIME_MULTIPART (object));
          guint deepest = depth;

          for (int i = 0; i < count && deepest < GMIME_NESTING_LIMIT; i++)
            {
              guint below = nesting_depth (g_mime_multipart_get_part (GMIME_MULTIPART (object), i), depth + 1);

              deepest = MAX (deepest, below);
            }
          return deepest;
        }
      if (!GMIME_IS_MESSAGE_PART (object))
        return depth;

      /* GMime counts an attached email as two levels: the part, then the
       * email in it. */
      inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));
      object = inner != NULL ? GMIME_OBJECT (inner) : NULL;
      depth += 2;
    }

  return depth;
}

/* Reads the header block of the email in @stream. When it ends within
 * WHENCE_MESSAGE_MAX_HEADER_BLOCK bytes (always, for real mail) this returns
 * %NULL and GMime parses @stream itself. Otherwise it returns the start of
 * the headers, every line cut to WHENCE_MESSAGE_MAX_HEADER_LINE bytes, and
 * at most WHENCE_MESSAGE_MAX_HEADER_BLOCK bytes in all: what can be traced
 * of a hostile message, without ever holding its whole header in memory. */
static GMimeStream *
compact_header_block (GMimeStream *stream,
                      ParseIssues *issues)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize line_len = 0;
  guint64 total = 0;
  gboolean nonblank = FALSE;
  gboolean ended = FALSE;
  char buffer[65536];

  while (!ended && out->len < WHENCE_MESSAGE_MAX_HEADER_BLOCK)
    {
      gssize n = g_mime_stream_read (stream, buffer, sizeof buffer);
      const char *p = buffer;
      const char *end = buffer + MAX (n, 0);

      if (n <= 0)
        break;

      while (p < end && !ended && out->len < WHENCE_MESSAGE_MAX_HEADER_BLOCK)
        {
          const char *newline = memchr (p, '\n', end - p);
          const char *stop = newline != NULL ? newline : end;
          gsize length = stop - p;

          for (const char *q = p; q < stop && !nonblank; q++)
            nonblank = *q != '\r';

          if (line_len < WHENCE_MESSAGE_MAX_HEADER_LINE)
            g_byte_array_append (out, (const guint8 *) p,
                                 MIN (length, WHENCE_MESSAGE_MAX_HEADER_LINE - line_len));
          else
            issues->header_line_cut = TRUE;
          if (line_len + length > WHENCE_MESSAGE_MAX_HEADER_LINE)
            issues->header_line_cut = TRUE;
          line_len += length;
          total += length;

          if (newline == NULL)
            break;

          total++;
          g_byte_array_append (out, (const guint8 *) "\n", 1);
          ended = !nonblank;
          nonblank = FALSE;
          line_len = 0;
          p = newline + 1;
        }
    }

  if (total <= WHENCE_MESSAGE_MAX_HEADER_BLOCK && (ended || out->len < WHENCE_MESSAGE_MAX_HEADER_BLOCK))
    {
      /* The normal case: GMime reads the message itself. */
      issues->header_line_cut = FALSE;
      return NULL;
    }

  issues->header_block_cut = !ended;
  g_byte_array_append (out, (const guint8 *) "\n\n", 2);

  return g_mime_stream_mem_new_with_byte_array (g_steal_pointer (&out));
}

/* Where the next mbox separator ("From " at the start of a line) after
 * @from begins, or -1. */
static gint64
find_next_from_line (GMimeStream *stream,
                     gint64       from)
{
  char buffer[65536];
  gsize kept = 0;
  gint64 base = from;

  if (g_mime_stream_seek (stream, from, GMIME_STREAM_SEEK_SET) != from)
    return -1;

  for (;;)
    {
      gssize n = g_mime_stream_read (stream, buffer + kept, sizeof buffer - kept);
      gsize length;

      if (n <= 0)
        return -1;
      length = kept + n;
      for (gsize i = 0; i + 6 <= length; i++)
        if (buffer[i] == '\n' && memcmp (buffer + i + 1, "From ", 5) == 0)
          return base + i + 1;

      /* Keep the last five bytes: a separator may straddle two reads. */
      kept = MIN (length, 5);
      memmove (buffer, buffer + length - kept, kept);
      base += length - kept;
    }
}

/* Parses every message in @stream: one for an .eml, one per entry of an mbox.
 * @original holds the same bytes as they arrived (it differs from @stream
 * only for CR-only mail), for whence_message_dup_original(). */
static gboolean
parse_stream (GMimeStream   *stream,
              GMimeStream   *original,
              gboolean       mbox,
              const char    *source_name,
              Emitter       *emitter,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeStream) headers = NULL;
  GMimeParserOptions *options;
  ParseIssues issues = { 0 };
  gboolean cancelled = FALSE;

  if (!mbox)
    {
      headers = compact_header_block (stream, &issues);
      g_mime_stream_reset (stream);
    }

  options = g_mime_parser_options_new ();

  parser = g_mime_parser_new_with_stream (headers != NULL ? headers : stream);
  /* Persisting keeps part contents as references into @stream instead of
   * copies: attachments are located, never loaded. */
  g_mime_parser_set_persist_stream (parser, TRUE);
  g_mime_parser_set_format (parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);

  while (!g_mime_parser_eos (parser) && !emitter->stopped)
    {
      g_autoptr(GMimeObject) mime = NULL;
      GMimeStream *rest;
      gint64 before;
      gint64 start;
      gint64 end;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cancelled = TRUE;
          break;
        }

      before = g_mime_parser_tell (parser);
      mime = GMIME_OBJECT (g_mime_parser_construct_message (parser, options));
      /* One broken entry of an mbox (binary data, no headers) must not hide
       * the ones after it: GMime stops there, so start again at the next
       * "From " line. */
      if (mime == NULL && mbox && g_mime_parser_tell (parser) > before)
        continue;
      if (mime == NULL && mbox)
        {
          gint64 next = find_next_from_line (stream, before + 1);

          if (next < 0)
            break;
          rest = g_mime_stream_substream (stream, next, -1);
          g_object_unref (parser);
          parser = g_mime_parser_new_with_stream (rest);
          g_object_unref (rest);
          g_mime_parser_set_persist_stream (parser, TRUE);
          g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
          continue;
        }
      if (mime == NULL)
        break;

      /* An .eml is the whole of @original, even when a shortened header
       * block or a copy without a byte order mark stood in for it. */
      start = mbox ? g_mime_parser_get_headers_begin (parser) : 0;
      end = mbox ? g_mime_parser_tell (parser) : -1;
      if (!has_any_header (mime))
        continue;
      issues.nesting_overflow = nesting_depth (mime, 0) >= GMIME_NESTING_LIMIT;

      emitter_push (emitter, whence_message_new_for_mime (mime, NULL, NULL, options, original, MAX (start, 0), end,
                                                          source_name, emitter->count, &issues));
      if (!mbox)
        break;
    }

  emitter_flush (emitter);
  g_mime_parser_options_free (options);

  if (cancelled)
    return FALSE;

  if (emitter->count == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_NOT_AN_EMAIL,
                           _("This file is not an email. Whence needs an email saved as a file (.eml) or its headers."));
      return FALSE;
    }

  return TRUE;
}

static void
set_too_large (GError     **error,
               const char  *name)
{
  if (name != NULL)
    g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_TOO_LARGE,
                 _("“%s” is too large to be an email (more than %u MB)."), name,
                 (guint) (WHENCE_MESSAGE_MAX_FILE_SIZE / (1024 * 1024)));
  else
    g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_TOO_LARGE,
                 _("This file is too large to be an email (more than %u MB)."),
                 (guint) (WHENCE_MESSAGE_MAX_FILE_SIZE / (1024 * 1024)));
}

/* Whether a line of @data, after the first, starts with "From ": where an
 * mbox begins its next message. */
static gboolean
has_from_line (const char *data,
               gsize       len)
{
  const char *end = data + len;

  for (const char *p = memchr (data, '\n', len); p != NULL; p = memchr (p + 1, '\n', end - p - 1))
    if ((gsize) (end - p) > 5 && memcmp (p + 1, "From ", 5) == 0)
      return TRUE;

  return len >= 5 && memcmp (data, "From ", 5) == 0;
}

/* The common case of an .eml in memory: its headers are split by
 * whence_header_block_split(), and GMime reads only the body, behind the
 * Content-* headers, which is all the MIME skeleton needs. GMime builds no
 * GMimeMessage (which parses every address header, for each one again) and
 * no object per header. Returns %FALSE, having emitted nothing, when the
 * email is not the common case: parse_stream() then reads it whole. */
static gboolean
parse_eml_in_memory (const char  *data,
                     gsize        len,
                     GMimeStream *original,
                     gint64       start,
                     const char  *source_name,
                     Emitter     *emitter)
{
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (WhenceHeaderSlice));
  GString *store = g_string_sized_new (MIN (len, 8192));
  g_autoptr(GByteArray) body_block = NULL;
  g_autoptr(GMimeStream) body_stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeObject) body = NULL;
  GMimeParserOptions *options;
  ParseIssues issues = { 0 };
  gboolean own_headers = FALSE;
  gsize body_offset;

  /* Bigger header blocks are cut down by parse_stream() first. */
  if (!whence_header_block_split (data, MIN (len, WHENCE_MESSAGE_MAX_HEADER_BLOCK), slices, store, &body_offset))
    {
      g_string_free (store, TRUE);
      return FALSE;
    }

  body_block = g_byte_array_sized_new (len - body_offset + 1024);
  for (guint i = 0; i < slices->len; i++)
    {
      const WhenceHeaderSlice *slice = &g_array_index (slices, WhenceHeaderSlice, i);
      const char *raw_name = store->str + slice->raw_name;
      const char *raw_value = store->str + slice->raw_value;

      if (g_ascii_strncasecmp (store->str + slice->name, "Content-", 8) != 0)
        {
          own_headers = TRUE;
          continue;
        }
      g_byte_array_append (body_block, (const guint8 *) raw_name, strlen (raw_name));
      g_byte_array_append (body_block, (const guint8 *) ":", 1);
      g_byte_array_append (body_block, (const guint8 *) raw_value, strlen (raw_value));
    }
  /* Only Content-* headers: GMime finds no message there. */
  if (!own_headers)
    {
      g_string_free (store, TRUE);
      return FALSE;
    }
  g_byte_array_append (body_block, (const guint8 *) "\n", 1);
  g_byte_array_append (body_block, (const guint8 *) data + body_offset, len - body_offset);

  body_stream = g_mime_stream_mem_new_with_byte_array (g_steal_pointer (&body_block));
  parser = g_mime_parser_new_with_stream (body_stream);
  g_mime_parser_set_persist_stream (parser, TRUE);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  options = g_mime_parser_options_new ();
  body = g_mime_parser_construct_part (parser, options);
  if (body == NULL)
    {
      g_mime_parser_options_free (options);
      g_string_free (store, TRUE);
      return FALSE;
    }

  issues.nesting_overflow = nesting_depth (body, 0) >= GMIME_NESTING_LIMIT;
  emitter_push (emitter, whence_message_new_for_mime (body, slices, store, options, original, start, -1,
                                                      source_name, emitter->count, &issues));
  emitter_flush (emitter);
  g_mime_parser_options_free (options);

  return TRUE;
}

/* Takes @array: checks it is mail and parses it, without copying it again. */
static gboolean
parse_byte_array (GByteArray  *array,
                  const char  *source_name,
                  Emitter     *emitter,
                  GError     **error)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeStream) lf_stream = NULL;
  gsize sniff = MIN (array->len, SNIFF_LENGTH);
  const char *parsed_data = (const char *) array->data;
  gsize parsed_len = array->len;
  gboolean mbox;
  gsize skip;

  if (!check_content (array->data, array->len, error))
    {
      g_byte_array_unref (array);
      return FALSE;
    }

  mbox = is_mbox (array->data, array->len);

  /* Mail saved by some old Mac programs ends lines with CR alone; GMime
   * wants LF. It parses a copy; the original stays as it came. */
  if (is_cr_only (array->data, sniff))
    {
      GByteArray *copy = g_byte_array_sized_new (array->len);

      g_byte_array_append (copy, array->data, array->len);
      for (guint i = 0; i < copy->len; i++)
        if (copy->data[i] == '\r')
          copy->data[i] = '\n';
      parsed_data = (const char *) copy->data;
      lf_stream = g_mime_stream_mem_new_with_byte_array (copy);
    }

  stream = g_mime_stream_mem_new_with_byte_array (array);

  /* A byte order mark and blank lines pasted before the headers would
   * make GMime see an empty header block. */
  skip = leading_junk (array->data, array->len);
  if (skip > 0 && !mbox)
    {
      GMimeStream *parsed = lf_stream != NULL ? lf_stream : stream;
      GMimeStream *rest = g_mime_stream_substream (parsed, skip, -1);

      g_clear_object (&lf_stream);
      lf_stream = rest;
      parsed_data += skip;
      parsed_len -= skip;
    }

  /* An .eml is the whole of @original, even after a byte order mark. */
  if (!mbox && parse_eml_in_memory (parsed_data, parsed_len, stream, 0, source_name, emitter))
    return TRUE;

  /* Mail saved with its mbox From line but alone in its file: no other
   * From line begins a line. GMime's mbox parser would give the same
   * message, starting after that line. */
  if (mbox && lf_stream == NULL)
    {
      const char *first_end = memchr (parsed_data, '\n', parsed_len);
      gsize from_line = first_end != NULL ? (gsize) (first_end + 1 - parsed_data) : 0;

      if (from_line > 0
          && !has_from_line (parsed_data + from_line, parsed_len - from_line)
          && parse_eml_in_memory (parsed_data + from_line, parsed_len - from_line, stream, from_line,
                                  source_name, emitter))
        return TRUE;
    }

  return parse_stream (lf_stream != NULL ? lf_stream : stream, stream, mbox, source_name,
                       emitter, NULL, error);
}

/**
 * whence_message_load_bytes:
 * @bytes: the raw bytes of an email, an mbox, or a header block
 * @source_name: how to name the input to a person (a file name, "Dropped email")
 * @error: return location for a #WhenceError
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_bytes (GBytes      *bytes,
                           const char  *source_name,
                           GError     **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Emitter emitter = { collect_message, messages };
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  whence_core_init ();

  data = g_bytes_get_data (bytes, &len);
  if (len > WHENCE_MESSAGE_MAX_FILE_SIZE)
    {
      set_too_large (error, NULL);
      return NULL;
    }

  if (!parse_byte_array (g_byte_array_append (g_byte_array_sized_new (len), data, len),
                         source_name, &emitter, error))
    return NULL;

  return g_steal_pointer (&messages);
}

/**
 * whence_message_load_stream:
 * @stream: a stream holding an email or an mbox
 * @source_name: how to name the input to a person
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @stream into memory (never more than the size limit) and loads it.
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_stream (GInputStream  *stream,
                            const char    *source_name,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GByteArray) array = g_byte_array_new ();
  Emitter emitter = { collect_message, messages };

  whence_core_init ();

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      guint8 buffer[65536];
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error);

      if (n < 0)
        {
          g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_UNREADABLE,
                       _("The email could not be read: %s"), local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (array->len + (guint64) n > WHENCE_MESSAGE_MAX_FILE_SIZE)
        {
          set_too_large (error, NULL);
          return NULL;
        }
      g_byte_array_append (array, buffer, n);
    }

  if (!parse_byte_array (g_steal_pointer (&array), source_name, &emitter, error))
    return NULL;

  return g_steal_pointer (&messages);
}

static void
set_unreadable (GError     **error,
                const char  *name,
                const char  *why)
{
  g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_UNREADABLE,
               _("“%s” could not be opened: %s"), name, why);
}

/* Reads all of @fd (a regular file of @size bytes, or a pipe) into memory,
 * straight into the array that GMime will parse. */
static GByteArray *
read_whole (int          fd,
            gsize        size,
            const char  *display,
            GError     **error)
{
  GByteArray *array = g_byte_array_sized_new (size + 1);
  gsize used = 0;

  for (;;)
    {
      gsize room = MAX (size + 1, (gsize) 65536);
      ssize_t n;

      if (used + room > (gsize) WHENCE_MESSAGE_MAX_FILE_SIZE + 1)
        room = (gsize) WHENCE_MESSAGE_MAX_FILE_SIZE + 1 - used;
      g_byte_array_set_size (array, used + room);
      n = read (fd, array->data + used, room);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_unreadable (error, display, g_strerror (errno));
          g_byte_array_unref (array);
          return NULL;
        }
      if (n == 0)
        break;
      used += n;
      if (used > WHENCE_MESSAGE_MAX_FILE_SIZE)
        {
          set_too_large (error, display);
          g_byte_array_unref (array);
          return NULL;
        }
      /* A regular file is read in one go; only pipes loop on. */
      size = 0;
    }

  g_byte_array_set_size (array, used);
  return array;
}

/* Takes @fd. */
static gboolean
parse_fd_in_memory (int          fd,
                    gsize        size,
                    const char  *display,
                    Emitter     *emitter,
                    GError     **error)
{
  GByteArray *array = read_whole (fd, size, display, error);

  close (fd);
  if (array == NULL)
    return FALSE;

  return parse_byte_array (array, display, emitter, error);
}

static gboolean
parse_path (const char    *path,
            Emitter       *emitter,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autofree char *display = NULL;
  guint8 head[SNIFF_LENGTH];
  struct stat st;
  ssize_t n;
  int fd;

  whence_core_init ();
  display = g_filename_display_basename (path);

  /* Opened first, then looked at: one path lookup, not two. A folder opens
   * too, read-only, and fstat() tells it apart. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      set_unreadable (error, display, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      set_unreadable (error, display, _("it is a folder, not a file"));
      return FALSE;
    }
  if ((guint64) st.st_size > WHENCE_MESSAGE_MAX_FILE_SIZE)
    {
      close (fd);
      set_too_large (error, display);
      return FALSE;
    }

  /* Small files (and pipes) are read whole and closed at once, so that a
   * drop of a thousand files never holds a thousand descriptors open. */
  if (st.st_size <= IN_MEMORY_LIMIT || !S_ISREG (st.st_mode))
    return parse_fd_in_memory (fd, S_ISREG (st.st_mode) ? st.st_size : 0, display, emitter, error);

  n = read (fd, head, sizeof head);
  if (n < 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      set_unreadable (error, display, g_strerror (errno));
      close (fd);
      return FALSE;
    }

  /* CR-only mail too, whatever its size: GMime needs a LF copy of it. */
  if (is_cr_only (head, n))
    return parse_fd_in_memory (fd, st.st_size, display, emitter, error);

  if (!check_content (head, n, error))
    {
      close (fd);
      return FALSE;
    }

  /* Bigger ones are parsed straight from the file: GMime then only records
   * where each part lies, and memory stays flat whatever they weigh. */
  stream = g_mime_stream_fs_new (fd);
  return parse_stream (stream, stream, is_mbox (head, n), display, emitter, cancellable, error);
}

/**
 * whence_message_foreach_in_path:
 * @path: a file name
 * @func: called with each message (transfer none) as soon as it is read;
 *   return %FALSE to stop
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the email, or every email of an mbox, in @path one at a time: an
 * mbox of any number of messages is streamed, never held whole (as long as
 * @func does not keep them).
 *
 * Returns: %TRUE if at least one message was read
 */
gboolean
whence_message_foreach_in_path (const char         *path,
                                WhenceMessageFunc   func,
                                gpointer            user_data,
                                GCancellable       *cancellable,
                                GError            **error)
{
  Emitter emitter = { func, user_data };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return parse_path (path, &emitter, cancellable, error);
}

/**
 * whence_message_load_path:
 * @path: a file name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_path (const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Emitter emitter = { collect_message, messages };

  g_return_val_if_fail (path != NULL, NULL);

  if (!parse_path (path, &emitter, cancellable, error))
    return NULL;

  return g_steal_pointer (&messages);
}

/**
 * whence_message_load_file:
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the email (or every email of an mbox) in @file.
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_file (GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return whence_message_load_path (path, cancellable, error);

  name = g_file_get_basename (file);
  input = g_file_read (file, cancellable, &local_error);
  if (input == NULL)
    {
      set_unreadable (error, name, local_error->message);
      return NULL;
    }

  return whence_message_load_stream (G_INPUT_STREAM (input), name, cancellable, error);
}

/**
 * whence_message_new_from_headers:
 * @text: header text a person pasted, with or without a body
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the message, or %NULL
 */
WhenceMessage *
whence_message_new_from_headers (const char  *text,
                                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* Mail programs' "show source" views often come with leading blanks. */
  trimmed = g_strdup (text);
  g_strchug (trimmed);
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_EMPTY,
                           _("There is nothing to trace. Paste the full headers of the email."));
      return NULL;
    }

  bytes = g_bytes_new (trimmed, strlen (trimmed));
  messages = whence_message_load_bytes (bytes, _("Pasted headers"), error);
  if (messages == NULL)
    return NULL;

  return g_object_ref (g_ptr_array_index (messages, 0));
}

const char *
whence_message_get_source_name (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->source_name;
}

/**
 * whence_message_get_source_index:
 *
 * Returns: the position of this message within its file (0 unless an mbox)
 */
guint
whence_message_get_source_index (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), 0);

  return self->source_index;
}

const char *
whence_message_get_subject (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->subject;
}

/**
 * whence_message_get_from:
 *
 * Returns: (nullable): the From header as a person reads it ("Name <addr>")
 */
const char *
whence_message_get_from (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->from;
}

/**
 * whence_message_get_from_address:
 *
 * Returns: (nullable): the first address in From, bare
 */
const char *
whence_message_get_from_address (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->from_address;
}

/**
 * whence_message_get_date:
 *
 * Returns: (nullable) (transfer none): the Date header, if it could be read
 */
GDateTime *
whence_message_get_date (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->date;
}

const char *
whence_message_get_message_id (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->message_id;
}

/**
 * whence_message_get_header:
 * @name: a header name, any case
 *
 * Returns: (nullable): the first @name header, unfolded and decoded
 */
const char *
whence_message_get_header (WhenceMessage *self,
                           const char    *name)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    if (field_is (FIELD (self, i), name))
      return field_value (FIELD (self, i));

  return NULL;
}

/**
 * whence_message_dup_headers:
 * @name: a header name, any case
 *
 * Returns: (transfer container) (element-type utf8): every @name header in
 *   order, topmost first, as unfolded raw values
 */
GPtrArray *
whence_message_dup_headers (WhenceMessage *self,
                            const char    *name)
{
  GPtrArray *values;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->fields->len; i++)
    {
      const HeaderField *field = FIELD (self, i);

      if (field_is (field, name))
        g_ptr_array_add (values, whence_unfold_header (field->raw_value != NULL ? field->raw_value : ""));
    }

  return values;
}

/**
 * whence_message_get_received:
 *
 * Returns: (transfer none) (element-type utf8): the Received header values,
 *   unfolded, in header order (index 0 is the topmost, newest one)
 */
GPtrArray *
whence_message_get_received (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->received;
}

/* The header block as it appears in the message. */
static char *
build_raw_headers (WhenceMessage *self)
{
  GMimeHeaderList *headers = NULL;
  GString *block;
  char *w;

  /* What g_mime_header_list_to_string (headers, NULL) gives for parsed
   * headers, "name:raw value" each, with CR LF as LF (its default newline
   * filter), but without a stream and filter per call, which cost more than
   * the rest of the analysis' header reading. When GMime read the headers,
   * any it would reformat (set by code, not parsed), and a block ending in
   * a lone CR, are left to it. */
  if (GMIME_IS_MESSAGE (self->top))
    {
      int count;

      headers = g_mime_object_get_header_list (self->top);
      count = g_mime_header_list_get_count (headers);
      for (int i = 0; i < count; i++)
        if (g_mime_header_list_get_header_at (headers, i)->reformat)
          return g_mime_header_list_to_string (headers, NULL);
    }

  block = g_string_sized_new (4096);
  for (guint i = 0; i < self->fields->len; i++)
    {
      const HeaderField *field = FIELD (self, i);

      if (field->raw_value == NULL)
        continue;
      g_string_append (block, field->raw_name);
      g_string_append_c (block, ':');
      g_string_append (block, field->raw_value);
    }
  if (headers != NULL && block->len > 0 && block->str[block->len - 1] == '\r')
    {
      g_string_free (block, TRUE);
      return g_mime_header_list_to_string (headers, NULL);
    }
  if (memchr (block->str, '\r', block->len) == NULL)
    return g_string_free (block, FALSE);

  w = block->str;
  for (const char *r = block->str; *r != '\0'; r++)
    if (!(r[0] == '\r' && r[1] == '\n'))
      *w++ = *r;
  *w = '\0';
  return g_string_free (block, FALSE);
}

/**
 * whence_message_dup_raw_headers:
 *
 * Returns: (transfer full): the header block as it appears in the message,
 *   for a technical helper to read
 */
char *
whence_message_dup_raw_headers (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return g_strdup (self->raw_headers);
}

/**
 * whence_message_get_raw_headers:
 *
 * Returns: (transfer none): the same as whence_message_dup_raw_headers(),
 *   without a copy (the trace and the analysis both read it)
 */
const char *
whence_message_get_raw_headers (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->raw_headers;
}

/**
 * whence_message_get_n_received_total:
 *
 * Returns: how many Received lines the headers hold; more than
 *   whence_message_get_received() returns when there are more than
 *   %WHENCE_MESSAGE_MAX_RECEIVED (a note then says so)
 */
guint
whence_message_get_n_received_total (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), 0);

  return self->n_received;
}

/**
 * whence_message_get_limit_notes:
 *
 * What was skipped of a hostile or broken message because it ran into one
 * of Whence's limits (a header block bigger than any real one, thousands of
 * Received lines, parts nested thousands deep …), each as a plain sentence
 * to show a person ("This email has 100000 Received lines; only the newest
 * 1000 were traced.") and a stable code. Empty for real mail.
 *
 * Returns: (transfer none) (element-type WhenceLimitNote): the notes
 */
GPtrArray *
whence_message_get_limit_notes (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  /* The part limits are met while the skeleton is built. */
  whence_message_get_parts (self);

  return self->notes;
}

/**
 * whence_message_is_headers_only:
 *
 * Returns: %TRUE when the input had headers but no body (pasted headers)
 */
gboolean
whence_message_is_headers_only (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), FALSE);

  return self->headers_only;
}

static guint64
encoded_size (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeStream *stream;
  gint64 length;

  if (content == NULL)
    return 0;

  stream = g_mime_data_wrapper_get_stream (content);
  length = stream != NULL ? g_mime_stream_length (stream) : -1;

  return length > 0 ? (guint64) length : 0;
}

static void
collect_part (GMimeObject *object,
              GPtrArray   *parts)
{
  GMimeContentType *type = g_mime_object_get_content_type (object);
  GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (object);
  WhenceMimePart *part;

  /* Multipart containers are structure, not content. */
  if (GMIME_IS_MULTIPART (object))
    return;

  part = g_new0 (WhenceMimePart, 1);
  if (type != NULL)
    {
      /* GMime 3 returns a new string here. */
      g_autofree char *mime_type = g_mime_content_type_get_mime_type (type);
      g_autofree char *clean = whence_clean_text (mime_type != NULL ? mime_type : "text/plain", 255);

      part->content_type = g_ascii_strdown (clean, -1);
    }
  else
    part->content_type = g_strdup ("text/plain");
  part->path = g_strdup_printf ("%u", parts->len + 1);
  part->depth = 1;

  if (disposition != NULL && g_mime_content_disposition_get_disposition (disposition) != NULL)
    part->disposition = g_ascii_strdown (g_mime_content_disposition_get_disposition (disposition), -1);

  if (GMIME_IS_PART (object))
    {
      GMimePart *leaf = GMIME_PART (object);
      GMimeContentEncoding encoding = g_mime_part_get_content_encoding (leaf);

      part->filename = whence_clean_text (g_mime_part_get_filename (leaf), 1024);
      if (encoding != GMIME_CONTENT_ENCODING_DEFAULT)
        part->encoding = g_strdup (g_mime_content_encoding_to_string (encoding));
      part->encoded_size = encoded_size (leaf);
    }

  part->is_attachment = part->filename != NULL
                        || g_strcmp0 (part->disposition, "attachment") == 0
                        || GMIME_IS_MESSAGE_PART (object);

  g_ptr_array_add (parts, part);
}

typedef struct
{
  gboolean too_deep;
  gboolean too_many;
} PartLimits;

/* Walks the tree with a bounded depth, so a hostile nesting can neither
 * exhaust the stack nor make a listing of millions of parts. */
static void
collect_parts_with_depth (GMimeObject *object,
                          guint        depth,
                          const char  *path,
                          GPtrArray   *parts,
                          PartLimits  *limits)
{
  if (parts->len >= WHENCE_MESSAGE_MAX_PARTS)
    {
      limits->too_many = TRUE;
      return;
    }

  if (GMIME_IS_MULTIPART (object))
    {
      int count = g_mime_multipart_get_count (GMIME_MULTIPART (object));

      if (depth >= WHENCE_MESSAGE_MAX_MIME_DEPTH)
        {
          limits->too_deep = TRUE;
          return;
        }

      for (int i = 0; i < count && !limits->too_many; i++)
        {
          g_autofree char *child_path = *path != '\0'
            ? g_strdup_printf ("%s.%d", path, i + 1) : g_strdup_printf ("%d", i + 1);

          collect_parts_with_depth (g_mime_multipart_get_part (GMIME_MULTIPART (object), i),
                                    depth + 1, child_path, parts, limits);
        }
      return;
    }

  collect_part (object, parts);
  if (parts->len > 0)
    {
      WhenceMimePart *part = g_ptr_array_index (parts, parts->len - 1);

      g_free (part->path);
      part->path = g_strdup (*path != '\0' ? path : "1");
      part->depth = MAX (depth, 1);
    }
}

/**
 * whence_message_get_parts:
 *
 * The MIME skeleton, built on first use. Attached emails are listed as one
 * part each; their own contents are not walked.
 *
 * Returns: (transfer none) (element-type WhenceMimePart): the leaf parts
 */
GPtrArray *
whence_message_get_parts (WhenceMessage *self)
{
  PartLimits limits = { FALSE, FALSE };
  GMimeObject *body;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  if (self->parts != NULL)
    return self->parts;

  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_mime_part_free);
  body = self->body;
  if (body != NULL)
    collect_parts_with_depth (body, 0, "", self->parts, &limits);

  if (limits.too_deep)
    add_note (self, "mime-depth",
              g_strdup_printf (_("The parts of this email are nested more than %u levels deep, far more than any real email’s. The deeper parts were not looked at."),
                               WHENCE_MESSAGE_MAX_MIME_DEPTH));
  if (limits.too_many)
    add_note (self, "parts",
              g_strdup_printf (_("This email has more than %u parts; only the first %u were looked at."),
                               WHENCE_MESSAGE_MAX_PARTS, WHENCE_MESSAGE_MAX_PARTS));

  return self->parts;
}

static GMimeObject *
find_part (GMimeObject *object,
           const char  *path)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);

  for (guint i = 0; steps[i] != NULL && object != NULL; i++)
    {
      guint64 index;

      if (!GMIME_IS_MULTIPART (object))
        return i == 0 && g_str_equal (steps[i], "1") && steps[1] == NULL ? object : NULL;
      if (!g_ascii_string_to_unsigned (steps[i], 10, 1, G_MAXINT, &index, NULL))
        return NULL;
      object = g_mime_multipart_get_part (GMIME_MULTIPART (object), (int) index - 1);
    }

  return object;
}

/**
 * whence_message_peek_part:
 * @part: a part from whence_message_get_parts()
 * @max_bytes: how many decoded bytes to read at most
 *
 * Decodes the first @max_bytes of a part into memory, to recognise what it
 * really is (its magic bytes, a zip's directory). Nothing is written to disk
 * and nothing is interpreted.
 *
 * Returns: (transfer full): the bytes read
 */
GBytes *
whence_message_peek_part (WhenceMessage         *self,
                          const WhenceMimePart  *part,
                          gsize                  max_bytes,
                          GError               **error)
{
  g_autoptr(GMimeStream) filtered = NULL;
  g_autoptr(GMimeFilter) decoder = NULL;
  GMimeObject *object;
  GMimeDataWrapper *content;
  GMimeStream *raw;
  GByteArray *out;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (part != NULL, NULL);

  object = find_part (self->body, part->path);
  if (object == NULL || !GMIME_IS_PART (object)
      || (content = g_mime_part_get_content (GMIME_PART (object))) == NULL
      || (raw = g_mime_data_wrapper_get_stream (content)) == NULL)
    return g_bytes_new (NULL, 0);

  g_mime_stream_reset (raw);
  filtered = g_mime_stream_filter_new (raw);
  decoder = g_mime_filter_basic_new (g_mime_data_wrapper_get_encoding (content), FALSE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), decoder);

  out = g_byte_array_sized_new (MIN (max_bytes, 65536));
  while (out->len < max_bytes)
    {
      char buffer[4096];
      gssize n = g_mime_stream_read (filtered, buffer, MIN (sizeof buffer, max_bytes - out->len));

      if (n <= 0)
        break;
      g_byte_array_append (out, (guint8 *) buffer, n);
    }

  return g_byte_array_free_to_bytes (out);
}

/**
 * whence_message_dup_original:
 *
 * The message exactly as it arrived, byte for byte, for the case file and
 * the report's attached copy.
 *
 * Returns: (transfer full): the original bytes, or %NULL with @error set
 */
GBytes *
whence_message_dup_original (WhenceMessage  *self,
                             GError        **error)
{
  GByteArray *out;
  gint64 position;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  /* Read @source directly, seeking first: the parts GMime located read the
   * same stream through substreams, which seek it too. */
  position = self->start;
  if (g_mime_stream_seek (self->source, position, GMIME_STREAM_SEEK_SET) != position)
    goto failed;

  out = g_byte_array_new ();
  for (;;)
    {
      char buffer[65536];
      gsize want = sizeof buffer;
      gssize n;

      if (self->end > self->start)
        want = MIN (want, (gsize) (self->end - position));
      if (want == 0)
        break;

      n = g_mime_stream_read (self->source, buffer, want);
      if (n == 0 || (n < 0 && g_mime_stream_eos (self->source)))
        break;
      if (n < 0)
        {
          g_byte_array_unref (out);
          goto failed;
        }
      g_byte_array_append (out, (guint8 *) buffer, n);
      position += n;
    }

  return g_byte_array_free_to_bytes (out);

failed:
  g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_UNREADABLE,
                       _("The original email could not be read again."));
  return NULL;
}
