/* whence-phishing.c
 *
 * Signs that an email is a scam, read from its headers and its text alone:
 * a sender's name that borrows a well-known brand, a domain that imitates
 * one, links whose text shows one place while they lead to another, letters
 * hidden or borrowed from another alphabet, and the words scammers use to
 * make people hurry. Nothing here fetches a link, renders HTML or follows
 * anything the message points to: the text is read in memory, bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-phishing"

#include "config.h"

#include <string.h>

#include "whence-domain.h"
#include "whence-phishing.h"

/* Links looked at in one part, and characters of a link's text. */
#define MAX_LINKS      200
#define MAX_LINK_TEXT  512

typedef struct
{
  const char *name;          /* as people write it */
  const char *keys[4];       /* skeletons that name it: lower case, letters and digits only */
  const char *domains[8];    /* registrable domains it sends from, besides <key>.<suffix> */
  gboolean    common_word;   /* also an ordinary word or name: needs a service word */
} Brand;

/* Brands scammers borrow most, worldwide and where our users live. A brand
 * owns every registrable domain whose name is one of its keys (paypal.de,
 * amazon.co.uk) and the extra domains listed. */
static const Brand brands[] = {
  { "PayPal", { "paypal" }, { "paypal-communication.com", "paypalobjects.com" }, FALSE },
  { "Microsoft", { "microsoft", "office365", "microsoft365", "onedrive" },
    { "office.com", "outlook.com", "live.com", "hotmail.com", "microsoftonline.com",
      "sharepoint.com" }, FALSE },
  { "Outlook", { "outlook" }, { "microsoft.com", "office.com", "live.com", "hotmail.com",
                                "office365.com" }, TRUE },
  { "SharePoint", { "sharepoint" }, { "microsoft.com", "sharepointonline.com" }, FALSE },
  { "Apple", { "apple", "icloud", "itunes", "appleid" }, { "me.com", "mac.com" }, TRUE },
  { "Google", { "google", "gmail" }, { "googlemail.com", "youtube.com" }, FALSE },
  { "Amazon", { "amazon" }, { "amazonses.com", "amazonaws.com", "aws.com" }, TRUE },
  { "Netflix", { "netflix" }, { "netflix.net" }, FALSE },
  { "Facebook", { "facebook", "instagram", "whatsapp" },
    { "facebookmail.com", "fb.com", "meta.com", "instagram.com", "whatsapp.net" }, FALSE },
  { "LinkedIn", { "linkedin" }, { NULL }, FALSE },
  { "Dropbox", { "dropbox" }, { "dropboxmail.com" }, FALSE },
  { "DocuSign", { "docusign" }, { NULL }, FALSE },
  { "Adobe", { "adobe" }, { "adobesign.com", "echosign.com" }, FALSE },
  { "DHL", { "dhl" }, { NULL }, FALSE },
  { "FedEx", { "fedex" }, { NULL }, FALSE },
  { "USPS", { "usps" }, { NULL }, FALSE },
  { "eBay", { "ebay" }, { NULL }, FALSE },
  { "Wells Fargo", { "wellsfargo" }, { NULL }, FALSE },
  { "Bank of America", { "bankofamerica" }, { "bofa.com" }, FALSE },
  { "Chase", { "chase", "jpmorgan" }, { "jpmorganchase.com" }, TRUE },
  { "Citibank", { "citibank" }, { "citi.com" }, FALSE },
  { "HSBC", { "hsbc" }, { NULL }, FALSE },
  { "Barclays", { "barclays" }, { NULL }, FALSE },
  { "Santander", { "santander" }, { NULL }, TRUE },
  { "Bradesco", { "bradesco" }, { NULL }, FALSE },
  { "Itaú", { "itau" }, { NULL }, FALSE },
  { "Binance", { "binance" }, { NULL }, FALSE },
  { "Coinbase", { "coinbase" }, { NULL }, FALSE },
  { "MetaMask", { "metamask" }, { NULL }, FALSE },
  { "Ledger", { "ledger" }, { NULL }, TRUE },
  { "Trezor", { "trezor" }, { NULL }, FALSE },
  { "IRS", { "irs" }, { NULL }, FALSE },
};

/* With a common-word brand, the name must also say it is a service:
 * "Apple Support" is a brand speaking, "Tim Apple" a person. */
static const char * const service_words[] = {
  "security", "support", "service", "services", "account", "accounts", "billing", "team",
  "bank", "banking", "help", "helpdesk", "alert", "alerts", "notification", "notifications",
  "customer", "care", "online", "id", "verification", "wallet", "live", "official", "center",
  "centre", "admin", "noreply", "store", "pay", "mail",
};

/* Free webmail: anyone can have an address there in a minute. */
static const char * const freemail_domains[] = {
  "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com", "aol.com",
  "hotmail.com", "outlook.com", "live.com", "msn.com", "icloud.com", "me.com", "mac.com",
  "gmx.net", "gmx.de", "gmx.com", "web.de", "yandex.com", "yandex.ru", "mail.ru",
  "zohomail.com", "zoho.com", "aliyun.com", "163.com", "126.com", "qq.com", "protonmail.com",
  "protonmail.ch", "proton.me", "rediffmail.com", "tutanota.com", "mail.com", "inbox.ru",
  "libero.it", "laposte.net", "orange.fr", "free.fr", "t-online.de", "bol.com.br",
  "uol.com.br", "terra.com.br",
};

/* Words that push a person to hand over a password, card or account. */
static const char * const credential_lures[] = {
  "verify your account", "verify your identity", "verify your information",
  "confirm your account", "confirm your identity", "confirm your banking", "confirm your details",
  "update your account", "update your payment", "update your billing", "update your information",
  "update your details", "validate your account", "reactivate your account",
  "restore your account", "unlock your account", "password expires", "password will expire",
  "password has expired", "unusual sign-in", "unusual sign in", "unusual login",
  "unusual activit", "suspicious activit", "suspicious sign-in", "account has been suspended",
  "account will be suspended", "account is suspended", "is about to be suspended",
  "account has been blocked", "account has been locked", "has been blocked due to",
  "temporarily on hold", "account has been limited", "payment did not process",
  "payment was declined", "renewal failed", "kyc verification",
  /* pt */
  "atualize sua conta", "atualize suas informa", "atualize seus dados", "conta foi bloqueada",
  "conta suspensa", "confirme seus dados", "pagamento recusado", "verifique sua conta",
  /* es */
  "verifique su cuenta", "actualice su cuenta", "actualice sus datos", "cuenta ha sido suspendida",
  "cuenta bloqueada", "confirme sus datos",
  /* de */
  "konto wurde gesperrt", "konto verifizieren", "konto wird gesperrt", "daten aktualisieren",
  /* fr */
  "votre compte a été suspendu", "votre compte sera suspendu", "vérifier votre compte",
  "confirmer votre identité",
  /* it */
  "verifica il tuo account", "account è stato sospeso", "aggiorna i tuoi dati",
};

/* Words of advance-fee and giveaway scams. */
static const char * const money_lures[] = {
  "next of kin", "unclaimed fund", "business proposal", "investment proposal", "urgent business",
  "lottery", "jackpot", "inheritance", "million usd", "million us dollars", "million dollars",
  "fund manager", "airdrop", "claim your reward", "claim your prize", "you have won",
  "withdraw now", "7 figures", "parente mais próximo", "herencia",
};

/**
 * whence_text_contains_any:
 * @haystack: (nullable): text to search
 * @needles: phrases to look for
 * @n: how many @needles there are
 *
 * Returns: whether @haystack contains one of @needles (case matters)
 */
gboolean
whence_text_contains_any (const char         *haystack,
                          const char * const *needles,
                          gsize               n)
{
  for (gsize i = 0; haystack != NULL && i < n; i++)
    if (strstr (haystack, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- many phrase lists, one pass ----
 *
 * The analysis looks for about a hundred and twenty phrases in up to 64 KiB
 * of text per part; one strstr () per phrase reads the text that many
 * times. A set reads it once, and mostly in strides (Wu and Manber's
 * multi-pattern search): a window as long as the shortest phrase slides
 * along the text; the two bytes at its end say how far it may move without
 * stepping over the start of any phrase. Only where they end some phrase's
 * start are phrases compared. The answer is the same as strstr () per
 * phrase. */

/* Two bytes hashed to a small table that stays in the CPU's cache; bytes
 * that share a bucket share its stride (the smallest), so nothing is
 * skipped, and phrases are compared whole. */
#define PHRASE_BUCKETS 4096

typedef struct
{
  guint16     key;     /* hash of the two bytes ending the phrase's first min_len */
  guint8      list;
  gsize       len;
  const char *phrase;
} PhraseEntry;

struct _WhencePhraseSet
{
  guint8       shift[PHRASE_BUCKETS];     /* by the two bytes ending the window */
  guint        first[PHRASE_BUCKETS + 1]; /* entries of bucket k: first[k] to first[k + 1] */
  gsize        min_len;        /* of the phrases of two bytes or more */
  PhraseEntry *entries;        /* sorted by key */
  guint        n_entries;
  guint        all;            /* one bit per list */
  guint        always;         /* lists with an empty phrase */
  GPtrArray   *single;         /* one-byte phrases … */
  GArray      *single_list;    /* … and their lists */
};

static guint16
phrase_key (const char *p)
{
  return (guint16) ((((guint) (guchar) p[0] << 5) ^ (guchar) p[1]) & (PHRASE_BUCKETS - 1));
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const PhraseEntry *x = a, *y = b;

  return (int) x->key - (int) y->key;
}

/**
 * whence_phrase_set_new:
 * @lists: (array length=n_lists): phrase lists; they must outlive the set
 * @n_lists: how many, at most 32
 *
 * Returns: (transfer full): a set for whence_phrase_set_scan()
 */
WhencePhraseSet *
whence_phrase_set_new (const WhencePhraseList *lists,
                       guint                   n_lists)
{
  WhencePhraseSet *set = g_new0 (WhencePhraseSet, 1);
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (PhraseEntry));
  gsize max_shift;

  g_return_val_if_fail (n_lists <= 32, set);

  set->single = g_ptr_array_new ();
  set->single_list = g_array_new (FALSE, FALSE, sizeof (guint));
  set->min_len = G_MAXSIZE;
  for (guint l = 0; l < n_lists; l++)
    {
      set->all |= 1u << l;
      for (gsize i = 0; i < lists[l].n; i++)
        {
          const char *phrase = lists[l].phrases[i];
          gsize len = strlen (phrase);
          PhraseEntry entry;

          if (len == 0)
            {
              set->always |= 1u << l;
              continue;
            }
          if (len == 1)
            {
              g_ptr_array_add (set->single, (gpointer) phrase);
              g_array_append_val (set->single_list, l);
              continue;
            }
          entry.key = 0;
          entry.list = (guint8) l;
          entry.len = len;
          entry.phrase = phrase;
          g_array_append_val (entries, entry);
          set->min_len = MIN (set->min_len, len);
        }
    }
  if (entries->len == 0)
    set->min_len = 2;

  /* A window's end may move by min_len - 1 unless its last two bytes also
   * sit at offset q - 1, q of some phrase's first min_len bytes: then by no
   * more than min_len - 1 - q, which is 0 where they end that start. */
  max_shift = MIN (set->min_len - 1, G_MAXUINT8);
  memset (set->shift, (int) max_shift, sizeof set->shift);
  for (guint e = 0; e < entries->len; e++)
    {
      PhraseEntry *entry = &g_array_index (entries, PhraseEntry, e);

      for (gsize q = 1; q < set->min_len; q++)
        {
          guint16 key = phrase_key (entry->phrase + q - 1);
          gsize shift = set->min_len - 1 - q;

          if (shift < set->shift[key])
            set->shift[key] = (guint8) shift;
        }
      entry->key = phrase_key (entry->phrase + set->min_len - 2);
    }

  g_array_sort (entries, compare_entries);
  set->n_entries = entries->len;
  set->entries = (PhraseEntry *) (gpointer) g_array_free (entries, FALSE);
  for (guint k = 0, e = 0; k <= PHRASE_BUCKETS; k++)
    {
      while (e < set->n_entries && set->entries[e].key < k)
        e++;
      set->first[k] = e;
    }
  return set;
}

void
whence_phrase_set_free (WhencePhraseSet *set)
{
  if (set == NULL)
    return;
  g_free (set->entries);
  g_ptr_array_unref (set->single);
  g_array_unref (set->single_list);
  g_free (set);
}

/**
 * whence_phrase_set_scan:
 * @set: a phrase set
 * @text: (nullable): text to search
 *
 * Returns: bit i set when @text contains one of the phrases of list i
 *   (as whence_text_contains_any() on each list would say)
 */
guint
whence_phrase_set_scan (const WhencePhraseSet *set,
                        const char            *text)
{
  gsize n, end;
  guint found;

  if (text == NULL)
    return 0;
  found = set->always;
  for (guint i = 0; i < set->single->len; i++)
    if (strchr (text, *(const char *) g_ptr_array_index (set->single, i)) != NULL)
      found |= 1u << g_array_index (set->single_list, guint, i);
  if (set->n_entries == 0)
    return found;

  n = strlen (text);
  /* end: the index of the window's last byte */
  for (end = set->min_len - 1; end < n && found != set->all; )
    {
      guint16 key = phrase_key (text + end - 1);
      const char *start;

      if (set->shift[key] != 0)
        {
          end += set->shift[key];
          continue;
        }
      start = text + end + 1 - set->min_len;
      for (guint e = set->first[key]; e < set->first[key + 1]; e++)
        {
          const PhraseEntry *entry = &set->entries[e];

          if ((found & (1u << entry->list)) == 0
              && entry->len <= n - (gsize) (start - text)
              && memcmp (start, entry->phrase, entry->len) == 0)
            found |= 1u << entry->list;
        }
      end++;
    }

  return found;
}

/**
 * whence_lure_phrase_lists:
 *
 * Returns: (array fixed-size=2): the phrases behind whence_text_lure():
 *   list 0 is %WHENCE_LURE_CREDENTIAL's, list 1 %WHENCE_LURE_MONEY's, so a
 *   set built with these first scans to those bits
 */
const WhencePhraseList *
whence_lure_phrase_lists (void)
{
  static const WhencePhraseList lists[] = {
    { credential_lures, G_N_ELEMENTS (credential_lures) },
    { money_lures, G_N_ELEMENTS (money_lures) },
  };

  G_STATIC_ASSERT (WHENCE_LURE_CREDENTIAL == 1 << 0 && WHENCE_LURE_MONEY == 1 << 1);
  return lists;
}

/* Letters from other alphabets that look like Latin ones. */
static gunichar
latin_twin (gunichar c)
{
  static const struct { gunichar from; char to; } twins[] = {
    { 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043E, 'o' }, { 0x0440, 'p' }, { 0x0441, 'c' },
    { 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0456, 'i' }, { 0x0458, 'j' }, { 0x0455, 's' },
    { 0x0501, 'd' }, { 0x04CF, 'l' }, { 0x0410, 'a' }, { 0x0412, 'b' }, { 0x0415, 'e' },
    { 0x041A, 'k' }, { 0x041C, 'm' }, { 0x041D, 'h' }, { 0x041E, 'o' }, { 0x0420, 'p' },
    { 0x0421, 'c' }, { 0x0422, 't' }, { 0x0425, 'x' }, { 0x0423, 'y' }, { 0x03BF, 'o' },
    { 0x03B1, 'a' }, { 0x03B5, 'e' }, { 0x03B9, 'i' }, { 0x03BA, 'k' }, { 0x03BD, 'v' },
    { 0x03C1, 'p' }, { 0x03C4, 't' }, { 0x03C5, 'u' }, { 0x03C7, 'x' }, { 0x039F, 'o' },
    { 0x0391, 'a' }, { 0x0392, 'b' }, { 0x0395, 'e' }, { 0x039A, 'k' }, { 0x039C, 'm' },
    { 0x039D, 'n' }, { 0x03A1, 'p' }, { 0x03A4, 't' }, { 0x03A7, 'x' },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (twins); i++)
    if (twins[i].from == c)
      return twins[i].to;
  return 0;
}

/* Characters that take no room: a word with them inside reads the same to
 * a person and differently to a filter. */
static gboolean
is_invisible (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_FORMAT
         || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)
         || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164;
}

/* Lower-case ASCII letters and digits, words split by one space; accents
 * dropped, look-alike letters from other alphabets read as their Latin
 * twins, invisible characters skipped. */
static char *
skeleton (const char *utf8)
{
  GString *out = g_string_new (NULL);

  if (utf8 == NULL || !g_utf8_validate (utf8, -1, NULL))
    return g_string_free (out, FALSE);

  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar base[4];
      gsize n;

      if (is_invisible (c))
        continue;
      if (c < 0x80 && g_ascii_isalnum (c))
        {
          g_string_append_c (out, g_ascii_tolower (c));
          continue;
        }
      if (latin_twin (c) != 0)
        {
          g_string_append_c (out, latin_twin (c));
          continue;
        }
      n = g_unichar_fully_decompose (c, FALSE, base, G_N_ELEMENTS (base));
      if (n > 0 && base[0] < 0x80 && g_ascii_isalpha (base[0]))
        {
          g_string_append_c (out, g_ascii_tolower (base[0]));
          continue;
        }
      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* A domain read once for the brand tables: its registrable domain under
 * ICANN rules and the label before the suffix ("paypal" for
 * "mail.paypal.co.uk"). Looking the Public Suffix List up once per domain
 * rather than once per brand keeps the brand checks cheap. */
typedef struct
{
  char *registrable;
  char *label;
} OwnedName;

static void
owned_name_init (OwnedName  *name,
                 const char *domain)
{
  const char *dot;

  name->registrable = whence_display_domain (domain);
  name->label = NULL;
  if (name->registrable == NULL)
    return;
  dot = strchr (name->registrable, '.');
  name->label = g_strndup (name->registrable,
                           dot != NULL ? (gsize) (dot - name->registrable)
                                       : strlen (name->registrable));
}

static void
owned_name_clear (OwnedName *name)
{
  g_clear_pointer (&name->registrable, g_free);
  g_clear_pointer (&name->label, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OwnedName, owned_name_clear)

static gboolean
brand_owns (const Brand     *brand,
            const OwnedName *name)
{
  if (name->registrable == NULL)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (brand->keys) && brand->keys[k] != NULL; k++)
    if (g_str_equal (name->label, brand->keys[k]))
      return TRUE;
  for (guint d = 0; d < G_N_ELEMENTS (brand->domains) && brand->domains[d] != NULL; d++)
    if (g_str_equal (name->registrable, brand->domains[d]))
      return TRUE;
  return FALSE;
}

/* Does this skeleton of a name say the key? Long keys may sit inside run-
 * together words ("PepeBinance"); short ones must be a word of their own. */
static gboolean
names_key (const char *words,
           const char *joined,
           const char *key)
{
  g_auto(GStrv) tokens = NULL;

  if (strlen (key) >= 6)
    return strstr (joined, key) != NULL;
  tokens = g_strsplit (words, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_str_equal (tokens[i], key))
      return TRUE;
  return FALSE;
}

static gboolean
says_service (const char *words)
{
  g_auto(GStrv) tokens = g_strsplit (words, " ", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    for (guint s = 0; s < G_N_ELEMENTS (service_words); s++)
      if (g_str_equal (tokens[i], service_words[s]))
        return TRUE;
  return FALSE;
}

/**
 * whence_brand_named_by:
 * @display_name: (nullable): the name shown for the sender ("Microsoft Service")
 * @from_domain: (nullable): the domain of the From address
 *
 * Returns: (nullable): the brand the name claims ("Microsoft") when the
 *   address is not one of that brand's, else %NULL
 */
const char *
whence_brand_named_by (const char *display_name,
                       const char *from_domain)
{
  g_autofree char *words = skeleton (display_name);
  g_autofree char *joined = NULL;

  if (words == NULL || *words == '\0')
    return NULL;
  /* Run together too, so "Bank of America" says "bankofamerica". */
  joined = g_strdup (words);
  {
    char *w = joined;

    for (const char *r = words; *r != '\0'; r++)
      if (*r != ' ')
        *w++ = *r;
    *w = '\0';
  }

  for (guint b = 0; b < G_N_ELEMENTS (brands); b++)
    {
      const Brand *brand = &brands[b];
      gboolean named = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (brand->keys) && brand->keys[k] != NULL; k++)
        named |= names_key (words, joined, brand->keys[k]);
      if (!named || (brand->common_word && !says_service (words)))
        continue;
      if (from_domain != NULL)
        {
          g_auto(OwnedName) owner = { NULL, NULL };

          owned_name_init (&owner, from_domain);
          if (brand_owns (brand, &owner))
            return NULL;
        }
      return brand->name;
    }

  return NULL;
}

static gboolean
edit_distance_is_one (const char *a,
                      const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  gsize i = 0, j = 0;
  guint edits = 0;

  if (la > lb + 1 || lb > la + 1 || g_str_equal (a, b))
    return FALSE;
  while (i < la && j < lb)
    {
      if (a[i] == b[j])
        {
          i++, j++;
          continue;
        }
      if (++edits > 1)
        return FALSE;
      if (la > lb)
        i++;
      else if (lb > la)
        j++;
      else
        i++, j++;
    }
  return edits + (la - i) + (lb - j) == 1;
}

/* "paypa1" → "paypal", "micr0soft" → "microsoft". */
static char *
letters_for_digits (const char *label)
{
  static const char letters[] = "olzeasgtbg";   /* for 0 1 2 3 4 5 6 7 8 9 */
  char *read = g_strdup (label);

  for (char *r = read; *r != '\0'; r++)
    if (g_ascii_isdigit (*r))
      *r = letters[*r - '0'];
  return read;
}

/**
 * whence_domain_brand:
 * @domain: (nullable): a domain or host name
 *
 * Returns: (nullable): the well-known brand that owns @domain ("PayPal"
 *   for "www.paypal.co.uk"), or %NULL
 */
const char *
whence_domain_brand (const char *domain)
{
  g_auto(OwnedName) owner = { NULL, NULL };

  if (domain == NULL)
    return NULL;
  owned_name_init (&owner, domain);
  for (guint b = 0; b < G_N_ELEMENTS (brands); b++)
    if (brand_owns (&brands[b], &owner))
      return brands[b].name;
  return NULL;
}

/**
 * whence_domain_imitates:
 * @domain: (nullable): a domain or host name
 *
 * A domain made to be mistaken for a brand's: digits for letters
 * ("paypa1.com"), one letter off ("netfix.com"), the brand with a hyphen
 * and more words ("paypal-secure.com"), or the brand's own domain written
 * in front of another ("paypal.com.account-check.info").
 *
 * Returns: (nullable): the brand's name, or %NULL
 */
const char *
whence_domain_imitates (const char *domain)
{
  g_auto(OwnedName) owner = { NULL, NULL };
  const char *label;
  g_autofree char *lower = NULL;
  g_autofree char *plain = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) labels = NULL;

  owned_name_init (&owner, domain);
  label = owner.label;
  if (label == NULL)
    return NULL;
  lower = g_ascii_strdown (domain, -1);

  /* Digits read as letters, hyphens dropped. */
  plain = letters_for_digits (label);
  {
    /* Hyphens dropped from the whole; each hyphenated part read alone. */
    char *w = plain;
    for (const char *r = plain; *r != '\0'; r++)
      if (*r != '-')
        *w++ = *r;
    *w = '\0';
  }
  {
    g_autofree char *read = letters_for_digits (label);
    parts = g_strsplit (read, "-", -1);
  }
  labels = g_strsplit (lower, ".", -1);

  for (guint b = 0; b < G_N_ELEMENTS (brands); b++)
    {
      const Brand *brand = &brands[b];

      if (brand_owns (brand, &owner))
        return NULL;
      for (guint k = 0; k < G_N_ELEMENTS (brand->keys) && brand->keys[k] != NULL; k++)
        {
          const char *key = brand->keys[k];

          if (!g_str_equal (label, key) && g_str_equal (plain, key))
            return brand->name;
          /* One letter off, the first one kept: "netfix", not "finance". */
          if (strlen (key) >= 7 && !brand->common_word && plain[0] == key[0]
              && edit_distance_is_one (plain, key))
            return brand->name;
          if (g_strv_length (parts) > 1 && !brand->common_word)
            for (guint p = 0; parts[p] != NULL; p++)
              if (g_str_equal (parts[p], key))
                return brand->name;
          /* "paypal.com.account-check.info": the brand's own domain
           * written in front of someone else's. */
          for (guint l = 0; labels[l] != NULL && labels[l + 1] != NULL; l++)
            if (g_str_equal (labels[l], key)
                && (g_str_equal (labels[l + 1], "com") || g_str_equal (labels[l + 1], "net")
                    || g_str_equal (labels[l + 1], "org") || g_str_equal (labels[l + 1], "co"))
                && labels[l + 2] != NULL && labels[l + 3] != NULL)
              return brand->name;
        }
    }

  return NULL;
}

/**
 * whence_is_freemail:
 *
 * Returns: %TRUE for a free webmail domain anyone can sign up at
 */
gboolean
whence_is_freemail (const char *domain)
{
  g_autofree char *registrable = whence_display_domain (domain);

  if (registrable == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (freemail_domains); i++)
    if (g_str_equal (registrable, freemail_domains[i]))
      return TRUE;
  /* yahoo.co.uk, hotmail.fr, outlook.de … */
  return g_str_has_prefix (registrable, "yahoo.") || g_str_has_prefix (registrable, "hotmail.")
         || g_str_has_prefix (registrable, "outlook.") || g_str_has_prefix (registrable, "live.")
         || g_str_has_prefix (registrable, "yandex.");
}

/**
 * whence_text_lure:
 * @lower_text: (nullable): text in lower case
 *
 * Returns: which scam words the text uses
 */
WhenceLure
whence_text_lure (const char *lower_text)
{
  WhenceLure lure = WHENCE_LURE_NONE;

  if (whence_text_contains_any (lower_text, credential_lures, G_N_ELEMENTS (credential_lures)))
    lure |= WHENCE_LURE_CREDENTIAL;
  if (whence_text_contains_any (lower_text, money_lures, G_N_ELEMENTS (money_lures)))
    lure |= WHENCE_LURE_MONEY;
  return lure;
}

/**
 * whence_text_hides_characters:
 * @utf8: (nullable): a name or subject
 *
 * Returns: %TRUE when invisible characters sit between two letters, as in
 *   "Mic\u200Brosoft": a person reads the word, a filter does not
 */
gboolean
whence_text_hides_characters (const char *utf8)
{
  gboolean after_letter = FALSE, hidden = FALSE;

  if (utf8 == NULL || !g_utf8_validate (utf8, -1, NULL))
    return FALSE;
  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_invisible (c))
        {
          hidden |= after_letter;
          continue;
        }
      if (hidden && c < 0x80 && g_ascii_isalpha (c))
        return TRUE;
      after_letter = c < 0x80 && g_ascii_isalpha (c);
      hidden = FALSE;
    }
  return FALSE;
}

/**
 * whence_text_mixed_script_word:
 * @utf8: (nullable): a name or subject
 *
 * Returns: (transfer full) (nullable): the first word that mixes Latin
 *   letters with look-alike letters of another alphabet ("Amаzon" with a
 *   Cyrillic "а"), as written; %NULL when there is none
 */
char *
whence_text_mixed_script_word (const char *utf8)
{
  g_auto(GStrv) words = NULL;

  if (utf8 == NULL || !g_utf8_validate (utf8, -1, NULL))
    return NULL;
  words = g_strsplit_set (utf8, " \t\r\n,.:;!?()[]<>\"'/|", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean latin = FALSE, twin = FALSE, other = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c < 0x80 && g_ascii_isalpha (c))
            latin = TRUE;
          else if (latin_twin (c) != 0)
            twin = TRUE;
          else if (g_unichar_isalpha (c) && g_unichar_get_script (c) != G_UNICODE_SCRIPT_LATIN)
            other = TRUE;
        }
      /* A word of Cyrillic that happens to hold an "a" twin is Russian, not
       * a trick: only Latin words with borrowed letters count. */
      if (latin && twin && !other)
        return g_strdup (words[i]);
    }
  return NULL;
}

/**
 * whence_display_name:
 * @from: (nullable): a From header as a person reads it ("Name <addr>")
 *
 * Returns: (transfer full) (nullable): the name part, without quotes
 */
char *
whence_display_name (const char *from)
{
  const char *lt = from != NULL ? strrchr (from, '<') : NULL;
  g_autofree char *name = NULL;

  if (lt == NULL || lt == from)
    return NULL;
  name = g_strndup (from, lt - from);
  g_strdelimit (name, "\"", ' ');
  g_strstrip (name);
  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

/* ---- links, read as text ---- */

/* The host of an http(s) address, lower case; "@" tricks resolved the way
 * a browser would ("http://paypal.com@evil.example/" goes to evil.example). */
static char *
url_host (const char *url,
          gsize       len)
{
  const char *p = url, *end = url + len, *start;
  const char *at = NULL;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if ((gsize) (end - p) >= 7 && g_ascii_strncasecmp (p, "http://", 7) == 0)
    p += 7;
  else if ((gsize) (end - p) >= 8 && g_ascii_strncasecmp (p, "https://", 8) == 0)
    p += 8;
  else
    return NULL;
  start = p;
  while (p < end && *p != '/' && *p != '?' && *p != '#' && *p != '\\' && !g_ascii_isspace (*p))
    {
      if (*p == '@')
        at = p;
      p++;
    }
  if (at != NULL)
    start = at + 1;
  {
    const char *colon = memchr (start, ':', p - start);
    g_autofree char *host = g_ascii_strdown (start, (colon != NULL ? colon : p) - start);

    if (*host == '\0' || strlen (host) > 253)
      return NULL;
    return g_steal_pointer (&host);
  }
}

/* The domain a link's text shows, if it shows one: "www.bank.example",
 * "https://bank.example/login". Plain words ("Click here") show none. */
static char *
shown_host (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;

  if (*trimmed == '\0' || strchr (trimmed, ' ') != NULL || strchr (trimmed, '@') != NULL)
    return NULL;
  if (g_str_has_prefix (trimmed, "http://") || g_str_has_prefix (trimmed, "https://"))
    url = g_strdup (trimmed);
  else if (g_str_has_prefix (trimmed, "www."))
    url = g_strconcat ("http://", trimmed, NULL);
  else
    return NULL;
  host = url_host (url, strlen (url));
  if (host == NULL || strchr (host, '.') == NULL)
    return NULL;
  return g_steal_pointer (&host);
}

/* Text between tags, entities for "." and "/" undone, whitespace kept. */
static char *
tag_text (const char *start,
          const char *end)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = start; p < end && out->len < MAX_LINK_TEXT; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        {
          if (*p == '&' && g_str_has_prefix (p, "&#46;"))
            g_string_append_c (out, '.'), p += 4;
          else if (*p == '&' && g_str_has_prefix (p, "&nbsp;"))
            g_string_append_c (out, ' '), p += 5;
          else
            g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
href_value (const char *tag,
            const char *tag_end)
{
  const char *p = tag;

  while ((p = g_strstr_len (p, tag_end - p, "href")) != NULL)
    {
      const char *v = p + 4;
      const char *end;

      while (v < tag_end && g_ascii_isspace (*v))
        v++;
      if (v >= tag_end || *v != '=')
        {
          p += 4;
          continue;
        }
      v++;
      while (v < tag_end && g_ascii_isspace (*v))
        v++;
      if (v < tag_end && (*v == '"' || *v == '\''))
        {
          end = memchr (v + 1, *v, tag_end - v - 1);
          v++;
        }
      else
        {
          end = v;
          while (end < tag_end && !g_ascii_isspace (*end))
            end++;
        }
      if (end == NULL)
        end = tag_end;
      return g_strndup (v, end - v);
    }
  return NULL;
}

/**
 * whence_link_signs_scan:
 * @lower_html: an HTML part's first bytes, in lower case
 * @len: how many
 *
 * Reads the part's links as text: where each leads, and the domain its
 * text shows. Keeps the first mismatch and the first link to a bare IP
 * address found; earlier findings in @signs stay.
 */
void
whence_link_signs_scan (WhenceLinkSigns *signs,
                        const char      *lower_html,
                        gsize            len)
{
  const char *end = lower_html + len;
  const char *p = lower_html;
  guint links = 0;

  g_return_if_fail (signs != NULL);

  while (p != NULL && p < end && links < MAX_LINKS
         && (p = g_strstr_len (p, end - p, "<a")) != NULL)
    {
      const char *tag_end, *close;
      g_autofree char *href = NULL;
      g_autofree char *target = NULL;
      g_autofree char *text = NULL;
      g_autofree char *shown = NULL;

      if (p + 2 >= end || !g_ascii_isspace (p[2]))
        {
          p += 2;
          continue;
        }
      links++;
      tag_end = memchr (p, '>', end - p);
      if (tag_end == NULL)
        break;
      href = href_value (p, tag_end);
      close = g_strstr_len (tag_end, end - tag_end, "</a");
      if (close == NULL)
        close = end;
      text = tag_text (tag_end + 1, MIN (close, tag_end + 1 + 4 * MAX_LINK_TEXT));
      /* On from the tag, not the close: scam pages nest links. */
      p = tag_end;
      if (href == NULL)
        continue;
      {
        /* Entities in the address: "&amp;" is all real links use. */
        g_autoptr(GString) h = g_string_new (href);
        g_string_replace (h, "&amp;", "&", 0);
        target = url_host (h->str, h->len);
      }
      if (target == NULL)
        continue;

      if (g_hostname_is_ip_address (target) && !signs->to_number)
        {
          signs->to_number = TRUE;
          signs->number = g_strdup (target);
        }
      shown = shown_host (text);
      if (shown != NULL && signs->shown == NULL)
        {
          g_autofree char *shown_org = whence_registrable_domain (shown);
          g_autofree char *target_org = whence_registrable_domain (target);

          if (shown_org != NULL && g_strcmp0 (shown_org, target_org) != 0)
            {
              signs->shown = g_steal_pointer (&shown_org);
              signs->actual = target_org != NULL ? g_steal_pointer (&target_org) : g_strdup (target);
            }
        }
    }
}

void
whence_link_signs_clear (WhenceLinkSigns *signs)
{
  g_clear_pointer (&signs->shown, g_free);
  g_clear_pointer (&signs->actual, g_free);
  g_clear_pointer (&signs->number, g_free);
  signs->to_number = FALSE;
}
