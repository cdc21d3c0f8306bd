#!/usr/bin/python3
# Rebuilds data/contacts/*.json from the project's sourced reference files
# (../shared/reference in the development checkout). Run by hand when the
# reference changes; the output is committed and compiled into the core's
# GResource. Usage: build-contacts.py REFERENCE_DIR OUTPUT_DIR
import json
import os
import sys

ref, out = sys.argv[1], sys.argv[2]

# The day the reference files were compiled from stored copies of the
# official pages. Where a source carries its own, older date, that is used.
REFERENCE_CHECKED = "2026-11-27"
CONFIRMED = {"high", "medium-high", "medium"}


def load(name):
    with open(os.path.join(ref, name), encoding="utf-8") as f:
        return json.load(f)


def https_or_none(url):
    if isinstance(url, str) and url.startswith("https://") and " " not in url:
        return url
    if isinstance(url, str) and url.startswith("http://") and " " not in url:
        return "https://" + url[len("http://"):]
    return None


def contact(id_, name, source, checked_on, confirmed, **kw):
    c = {"id": id_, "name": name}
    for k, v in kw.items():
        if v:
            c[k] = v
    c["source"] = source
    c["checked_on"] = checked_on
    c["confirmed"] = bool(confirmed)
    return c


def dump(name, data):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


# FBI field offices ###########################################################
fbi = load("fbi-field-offices.json")
offices = []
for o in fbi["field_offices"]:
    dates = sorted((o.get("source_dates") or {}).values())
    note = o.get("coverage_note") or ""
    unconfirmed = []
    if o["id"] == "albany":
        unconfirmed.append("VT")   # only a 1939 history page says so
    if "NOT confirmed" in note and len(o["states_territories"]) == 1 and not o["whole_state"]:
        unconfirmed.extend(o["states_territories"])
    states = list(o["states_territories"])
    if o["id"] == "honolulu":
        # American Samoa is in no stored source; the Honolulu division is the
        # nearest and, by general knowledge, the one covering it: kept
        # unconfirmed so the wizard says "confirm on the official site".
        states.append("AS")
        unconfirmed.append("AS")
        note = (note + "; " if note else "") + \
            "American Samoa: not in the stored sources (general knowledge only) - unconfirmed"
    conf = o.get("confidence", "")
    offices.append(contact(
        o["id"], o["name"],
        "fbi.gov field office data, two copies (2020-12-21 and 2021-08-12) that agree",
        dates[-1] if dates else REFERENCE_CHECKED,
        conf.startswith("medium") or conf.startswith("high"),
        url=https_or_none(o.get("official_page_url")),
        phone=o.get("phone"),
        address="\n".join(x for x in [o.get("street_address"),
                                      "%s, %s %s" % (o.get("city"), o.get("state"), o.get("postal_code"))] if x),
        states=states,
        unconfirmed_states=unconfirmed,
        whole_state=o.get("whole_state"),
        coverage=o.get("coverage_text"),
        note=note))
hq = fbi["_meta"]["headquarters_not_a_field_office"]
dump("fbi-field-offices.json", {
    "_meta": {
        "what": "FBI field offices, for the crime step of the report wizard",
        "built_from": "reference/fbi-field-offices.json (see build-contacts.py)",
        "caveats": [fbi["_meta"]["count_note"],
                    "Addresses and phone numbers are from 2020/2021 copies of fbi.gov; "
                    "the app tells people to confirm them on the official page."],
        "all_offices_page": fbi["_meta"]["all_offices_page"],
    },
    "headquarters": contact("fbi-hq", hq["name"], "fbi.gov (copy of 2021-08-12)", "2021-08-12", True,
                            url=hq["url"], phone=hq["phone"],
                            address="%s\n%s, %s %s" % (hq["street_address"], hq["city"], hq["state"], hq["postal_code"])),
    "offices": offices,
})

# US agencies ##################################################################
us = load("us-agencies.json")
ic3, cisa, cert, ftc, ncb = us["ic3"], us["cisa"], us["cert_cc"], us["ftc"], us["interpol_us_ncb"]
agencies = [
    contact("ic3", "Internet Crime Complaint Center (IC3)", ic3["url_source"], REFERENCE_CHECKED, True,
            url=ic3["url"], former_name="Internet Fraud Complaint Center (IFCC)",
            note="Renamed from IFCC in 2003. Takes complaints through its web form only, not by email. "
                 "Either the victim or the subject must be in the United States."),
    contact("cisa", "Cybersecurity and Infrastructure Security Agency (CISA)", cisa["report_page_source"],
            REFERENCE_CHECKED, True, url=cisa["report_page"], phone=cisa["phone_24x7"],
            email=cisa["email_24x7"],
            note="24/7 operations centre. CISA's pages mostly address organisations; "
                 "people who lost money are pointed to IC3."),
    contact("cert-cc", "CERT Coordination Center (CERT/CC)", cert["role_today_source"], REFERENCE_CHECKED, True,
            url=cert["report_vulnerability_url"],
            note="Coordinates software vulnerabilities with vendors today; not where a victim reports an email."),
    contact("ftc", "Federal Trade Commission (FTC)", ftc["source"], REFERENCE_CHECKED, False,
            url=ftc["report_url"], note="Consumer fraud and unwanted email. Source is secondary; confirm on ftc.gov."),
    contact("interpol-us-ncb", "INTERPOL Washington (US National Central Bureau)", ncb["source"], "2008-09-20", True,
            note="Helps law enforcement only; does not take reports from private people."),
]
dump("us-agencies.json", {
    "_meta": {
        "what": "US agencies a worm or scam email victim can report to",
        "built_from": "reference/us-agencies.json (see build-contacts.py)",
        "caveats": ["report.cisa.gov is UNCONFIRMED and not used; https://www.cisa.gov/report is.",
                    "complaint.ic3.gov is seen in public code only; the app links https://www.ic3.gov."],
    },
    "agencies": agencies,
    "ic3_checklist_source": ic3["complaint_information_source"],
})

# Countries, INTERPOL and look-alike sites ####################################
nat = load("national-reporting.json")
countries = []
for x in nat["countries"]:
    cs = x.get("national_csirt") or {}
    csirt = None
    curl = https_or_none(cs.get("url"))
    if cs.get("name") and curl:
        csirt = contact(x["iso2"].lower() + "-csirt", cs["name"],
                        cs.get("source") if cs.get("source") != "enisaCNW"
                        else "ENISA CSIRTs Network list (github.com/enisaeu/CNW, 2026-08-21)",
                        "2026-08-21" if cs.get("source") == "enisaCNW" else REFERENCE_CHECKED,
                        cs.get("confidence") in CONFIRMED, url=curl, email=cs.get("email"), note=cs.get("note"))
    cr = x.get("citizen_reporting") or {}
    status = cr.get("status", "")
    services = []
    for i, s in enumerate(cr.get("services", [])):
        url = https_or_none(s.get("url"))
        conf = s.get("confidence")
        confirmed = (conf in CONFIRMED) if conf else (status.startswith("confirmed") and (url or s.get("phone")) is not None)
        notes = [s.get("what"), s.get("area")]
        if s.get("url") and not url:
            notes.append("Web address not confirmed: " + s["url"])
        if s.get("conflict"):
            confirmed = False
            notes.append(s["conflict"])
        src = s.get("source") or cr.get("source") or "reference/national-reporting.json"
        services.append(contact("%s-report-%d" % (x["iso2"].lower(), i + 1), s.get("name", ""), src,
                                REFERENCE_CHECKED, confirmed, url=url, phone=s.get("phone"),
                                email=s.get("email"), note="; ".join(n for n in notes if n)))
    for state, u in (cr.get("portal_urls_secondary") or {}).items():
        services.append(contact("%s-police-%s" % (x["iso2"].lower(), len(services) + 1),
                                "Polizei %s" % state.replace(" (contact only)", ""),
                                "avira.com blog (secondary, date unknown)", REFERENCE_CHECKED, False,
                                url=https_or_none(u), note=cr.get("portal_urls_note")))
    countries.append({
        "iso2": x["iso2"], "name": x["country"], "eu_member": x.get("eu_member", False),
        "csirt": csirt,
        "reporting_confirmed": status.startswith("confirmed"),
        "reporting_note": cr.get("how") or ("" if status.startswith("confirmed") else status),
        "reporting": services,
    })
ip = nat["interpol"]
dump("countries.json", {
    "_meta": {
        "what": "Where people outside the US report: national CSIRTs and reporting portals",
        "built_from": "reference/national-reporting.json (see build-contacts.py)",
        "caveats": ["Entries with confirmed=false had no source in the stored pages: never show them as confirmed.",
                    "Where no portal is known, the app tells people to go to the national police."],
    },
    "interpol": contact("interpol", "INTERPOL", ip["what_interpol_says"][0]["source"], REFERENCE_CHECKED, True,
                        url=ip["official_site"],
                        note="Takes no reports from the public. National police reach it through their "
                             "National Central Bureau."),
    "europol_list": contact("europol", "Europol: report cybercrime online", "europol.europa.eu (page content not retrieved)",
                            REFERENCE_CHECKED, False,
                            url="https://www.europol.europa.eu/report-a-crime/report-cybercrime-online"),
    "countries": countries,
    "lookalikes": [
        {"domain": "cisa.services", "imitates": "cisa",
         "note": "Look-alike of CISA's report page with a phone number that is not CISA's.",
         "source": "us-agencies.json scam_warning", "checked_on": REFERENCE_CHECKED},
        {"domain": "interpol-icp.org", "imitates": "interpol",
         "note": "Copies INTERPOL's wording but is not an INTERPOL site.",
         "source": "national-reporting.json interpol.warning", "checked_on": REFERENCE_CHECKED},
    ],
})
