"""Free-form journal lines (``grammar.loose``), as real wiki pages paste them. Each expected
value is read off the line itself: nothing the line does not say, nothing it says lost."""

from __future__ import annotations

import pytest

from citekit.parsers.grammar.loose import read_source

CASES = [
    # (line, container-title or -short as written, issued date-parts, volume, issue, page)
    (
        "American Journal of Epidemiology, (2012), doi: 10.1093/aje/kws181",
        "American Journal of Epidemiology",
        [2012],
        None,
        None,
        None,
    ),
    (
        "Annals of Allergy, Asthma & Immunology DOI: 10.1016/j.anai.2014.07.005",
        "Annals of Allergy, Asthma & Immunology",
        None,
        None,
        None,
        None,
    ),
    (
        "Journal of UOEH; Vol. 34 (2012) No. 4 p. 323-329 http://dx.doi.org/10.7888/juoeh.34.323",
        "Journal of UOEH",
        [2012],
        "34",
        "4",
        "323-329",
    ),
    (
        "Clinical Nutrition Vol 43, # 11, Nov 2024, Pages 10-19",
        "Clinical Nutrition",
        [2024, 11],
        "43",
        "11",
        "10-19",
    ),
    (
        "Ann. Appl. Stat. 13(4): 2389-2415 (December 2019). DOI: 10.1214/19-AOAS1275",
        "Ann. Appl. Stat.",
        [2019, 12],
        "13",
        "4",
        "2389-2415",
    ),
    (
        "Kidney International (2012) 82, 1248–1250; doi:10.1038/ki.2012.312",
        "Kidney International",
        [2012],
        "82",
        None,
        "1248-1250",
    ),
    ("BMJ2014;348:g2035 doi: 10.1136/bmj.g2035", "BMJ", [2014], "348", None, "g2035"),
    (
        "PLoS ONE 8(6): e65835. doi:10.1371/journal.pone.0065835",
        "PLoS ONE",
        None,
        "8",
        "6",
        "e65835",
    ),
    (
        "British Journal of Cancer , (8 April 2014) | doi:10.1038/bjc.2014.175",
        "British Journal of Cancer",
        [2014, 4, 8],
        None,
        None,
        None,
    ),
    ("Allergy 2012; 68:220–228; DOI: 10.1111/all.12081.", "Allergy", [2012], "68", None, "220-228"),
    (
        "Med J Aust 2013; 199 (11): 805-806. doi:10.5694/mja13.10218",
        "Med J Aust",
        [2013],
        "199",
        "11",
        "805-806",
    ),
    (
        "BMC Medicine 2013, 11:229 doi:10.1186/1741-7015-11-229",
        "BMC Medicine",
        [2013],
        "11",
        None,
        "229",
    ),
    (
        "Nature Reviews Neurology. 10,  8–9  (2014) doi:10.1038/nrneurol.2013.252",
        "Nature Reviews Neurology",
        [2014],
        "10",
        None,
        "8-9",
    ),
    (
        "Orthopedics. Volume 2013, Article ID 471695,12 pages http://dx.doi.org/10.1155/2013/471695",
        "Orthopedics",
        [2013],
        "2013",
        None,
        "471695",
    ),
    (
        "Korean J Intern Med. Jul 2014; 29(4): 416–427.",
        "Korean J Intern Med",
        [2014, 7],
        "29",
        "4",
        "416-427",
    ),
    (
        "Future Virology, June 2013, Vol. 8, No. 6, Pages 589-606 , DOI 10.2217/fvl.13.40",
        "Future Virology",
        [2013, 6],
        "8",
        "6",
        "589-606",
    ),
    (
        "Annals of the American Thoracic Society, Vol. 11, No. Supplement 1 (2014), pp. S21-S27.",
        "Annals of the American Thoracic Society",
        [2014],
        "11",
        "Supplement 1",
        "S21-S27",
    ),
    (
        "Journal of Clinical Endocrinology and Metabolism 2011 96 981-988.",
        "Journal of Clinical Endocrinology and Metabolism",
        [2011],
        "96",
        None,
        "981-988",
    ),
    ("Neurology, 79(13), 1397-1405.", "Neurology", None, "79", "13", "1397-1405"),
    ("Sci Transl Med 2013;5:93ra88", "Sci Transl Med", [2013], "5", None, "93ra88"),
    (
        "Osteoporosis International2005 16 713-716",
        "Osteoporosis International",
        [2005],
        "16",
        None,
        "713-716",
    ),
    ("Clin Sci 1990 Mar; 78: 321–325", "Clin Sci", [1990, 3], "78", None, "321-325"),
]


@pytest.mark.parametrize(("line", "journal", "date", "volume", "issue", "page"), CASES)
def test_a_journal_line_gives_what_it_says(line, journal, date, volume, issue, page) -> None:
    source = read_source(line)
    assert source is not None, line
    assert source.journal == journal
    assert (source.issued or {}).get("date-parts", [None])[0] == date
    assert (source.volume, source.issue, source.page) == (volume, issue, page)


@pytest.mark.parametrize(
    "line",
    [
        "Behind $31 paywall https://doi.org/10.1016/j.jhsa.2022.03.002",
        "4 year trial, 16 sites, 15,000 people of age 70+, 100 mg doi:10.1001/x.2022.5028",
        "Published OnlineFirst December 10, 2013; doi: 10.1158/1940-6207.CAPR-13-0338",
        "In 2012, 45 patients were given 2000 IU daily",
        "Gilbert R, Metcalfe C (2012) Associations of vitamin D. Int J Cancer 131:1187",
    ],
)
def test_prose_notes_and_author_lists_are_not_journals(line: str) -> None:
    source = read_source(line)
    assert source is None or not source.journal


def test_an_online_date_beside_the_issue_date_is_the_available_date() -> None:
    source = read_source(
        "Kidney International (2012) 82, 1248–1250; doi:10.1038/ki.2012.312; "
        "published online 3 October 2012"
    )
    assert source is not None
    assert source.issued == {"date-parts": [[2012]]}
    assert source.available == {"date-parts": [[2012, 10, 3]]}
