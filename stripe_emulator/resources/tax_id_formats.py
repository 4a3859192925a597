"""Every customer tax ID type this API version lists, with its country and Stripe's format check.

Formats follow the example Stripe documents for each type (docs.stripe.com/billing/customer/tax-ids):
in an example, a digit stands for any digit, a letter for any letter, and `.`, `-`, `/` and spaces
may be left out. Where a type has fixed letters or a documented shape, `PATTERNS` spells it out.
Types newer than that table (au_acn, au_wpn, bw_vat, ci_vat, cz_dic, fr_siren, fr_siret, fr_spi, gh_tin,
ic_nif, is_kt, md_cf, mu_vat, mz_nuit, nz_bn, pt_nif, sm_coe, tt_bir, tt_vat) use the number's national
shape as an example.
"""

import re

EU_VAT_COUNTRIES = {
    "AT": "AT", "BE": "BE", "BG": "BG", "CY": "CY", "CZ": "CZ", "DE": "DE", "DK": "DK", "EE": "EE",
    "EL": "GR", "ES": "ES", "FI": "FI", "FR": "FR", "HR": "HR", "HU": "HU", "IE": "IE", "IT": "IT",
    "LT": "LT", "LU": "LU", "LV": "LV", "MT": "MT", "NL": "NL", "PL": "PL", "PT": "PT", "RO": "RO",
    "SE": "SE", "SI": "SI", "SK": "SK", "XI": "GB",
}

EXAMPLES: dict[str, tuple[str, str]] = {
    "ad_nrt": ("AD", "A-123456-Z"), "ae_trn": ("AE", "123456789012345"), "al_tin": ("AL", "J12345678N"),
    "am_tin": ("AM", "02538904"), "ao_tin": ("AO", "5123456789"), "ar_cuit": ("AR", "12-3456789-01"),
    "au_abn": ("AU", "12345678912"), "au_acn": ("AU", "123456789"), "au_arn": ("AU", "123456789123"),
    "au_wpn": ("AU", "12345678912"), "aw_tin": ("AW", "12345678"), "az_tin": ("AZ", "0123456789"),
    "ba_tin": ("BA", "123456789012"), "bb_tin": ("BB", "1123456789012"), "bd_bin": ("BD", "123456789-0123"),
    "bf_ifu": ("BF", "12345678A"), "bg_uic": ("BG", "123456789"), "bh_vat": ("BH", "123456789012345"),
    "bj_ifu": ("BJ", "1234567890123"), "bo_tin": ("BO", "123456789"), "br_cnpj": ("BR", "01.234.456/5432-10"),
    "br_cpf": ("BR", "123.456.789-87"), "bs_tin": ("BS", "123.456.789"), "bw_vat": ("BW", "P12345678901"),
    "by_tin": ("BY", "123456789"), "ca_bn": ("CA", "123456789"), "ca_gst_hst": ("CA", "123456789RT0002"),
    "ca_pst_bc": ("CA", "PST-1234-5678"), "ca_pst_mb": ("CA", "123456-7"), "ca_pst_sk": ("CA", "1234567"),
    "ca_qst": ("CA", "1234567890TQ1234"), "cd_nif": ("CD", "A0123456M"), "ch_uid": ("CH", "CHE-123.456.789 HR"),
    "ch_vat": ("CH", "CHE-123.456.789 MWST"), "ci_vat": ("CI", "1234567A"), "cl_tin": ("CL", "12.345.678-K"),
    "cm_niu": ("CM", "M123456789000L"), "cn_tin": ("CN", "123456789012345678"), "co_nit": ("CO", "123.456.789-0"),
    "cr_tin": ("CR", "1-234-567890"), "cv_nif": ("CV", "213456789"), "cz_dic": ("CZ", "12345678"),
    "de_stn": ("DE", "1234567890"), "do_rcn": ("DO", "123-4567890-1"), "ec_ruc": ("EC", "1234567890001"),
    "eg_tin": ("EG", "123456789"), "es_cif": ("ES", "A12345678"), "et_tin": ("ET", "1234567890"),
    "eu_oss_vat": ("EU", "EU123456789"), "eu_vat": ("", "DE123456789"), "fo_vat": ("FO", "FO123456"),
    "fr_siren": ("FR", "123456789"), "fr_siret": ("FR", "12345678901234"), "fr_spi": ("FR", "1234567890123"),
    "gb_vat": ("GB", "GB123456789"), "ge_vat": ("GE", "123456789"), "gh_tin": ("GH", "C00123456789"),
    "gi_tin": ("GI", "12345"), "gn_nif": ("GN", "123456789"), "hk_br": ("HK", "12345678"),
    "hr_oib": ("HR", "12345678901"), "hu_tin": ("HU", "12345678-1-23"), "ic_nif": ("ES", "A12345678"),
    "id_npwp": ("ID", "012.345.678.9-012.345"), "il_vat": ("IL", "000012345"), "in_gst": ("IN", "12ABCDE3456FGZH"),
    "is_kt": ("IS", "123456-7890"), "is_vat": ("IS", "123456"), "it_cf": ("IT", "ABCDEF12A12A123A"),
    "jp_cn": ("JP", "1234567891234"), "jp_rn": ("JP", "12345"), "jp_trn": ("JP", "T1234567891234"),
    "ke_pin": ("KE", "P000111111A"), "kg_tin": ("KG", "12345678901234"), "kh_tin": ("KH", "1001-123456789"),
    "kr_brn": ("KR", "123-45-67890"), "kz_bin": ("KZ", "123456789012"), "la_tin": ("LA", "123456789-000"),
    "li_uid": ("LI", "CHE123456789"), "li_vat": ("LI", "12345"), "lk_vat": ("LK", "123456789-1234"),
    "ma_vat": ("MA", "12345678"), "md_cf": ("MD", "1234567890123"), "md_vat": ("MD", "1234567"),
    "me_pib": ("ME", "12345678"), "mk_vat": ("MK", "MK1234567890123"), "mr_nif": ("MR", "12345678"),
    "mu_vat": ("MU", "20123456"), "mx_rfc": ("MX", "ABC010203AB9"), "my_frp": ("MY", "12345678"),
    "my_itn": ("MY", "C 1234567890"), "my_sst": ("MY", "A12-3456-78912345"), "mz_nuit": ("MZ", "123456789"),
    "ng_tin": ("NG", "12345678-0001"), "no_vat": ("NO", "123456789MVA"), "no_voec": ("NO", "1234567"),
    "np_pan": ("NP", "123456789"), "nz_bn": ("NZ", "9429041234567"), "nz_gst": ("NZ", "123456789"),
    "om_vat": ("OM", "OM1234567890"), "pe_ruc": ("PE", "12345678901"), "ph_tin": ("PH", "123456789012"),
    "pl_nip": ("PL", "1234567890"), "pt_nif": ("PT", "123456789"), "py_ruc": ("PY", "12345678A"),
    "ro_tin": ("RO", "1234567890123"), "rs_pib": ("RS", "123456789"), "ru_inn": ("RU", "1234567891"),
    "ru_kpp": ("RU", "123456789"), "sa_vat": ("SA", "123456789012345"), "sg_gst": ("SG", "M12345678X"),
    "sg_uen": ("SG", "123456789F"), "si_tin": ("SI", "12345678"), "sm_coe": ("SM", "12345"),
    "sn_ninea": ("SN", "12345672A2"), "sr_fin": ("SR", "1234567890"), "sv_nit": ("SV", "1234-567890-123-4"),
    "th_vat": ("TH", "1234567891234"), "tj_tin": ("TJ", "123456789"), "tr_tin": ("TR", "0123456789"),
    "tt_bir": ("TT", "123456789"), "tt_vat": ("TT", "123456"), "tw_vat": ("TW", "12345678"),
    "tz_vat": ("TZ", "12345678A"), "ua_vat": ("UA", "123456789"), "ug_tin": ("UG", "1014751879"),
    "us_ein": ("US", "12-3456789"), "uy_ruc": ("UY", "123456789012"), "uz_tin": ("UZ", "123456789"),
    "uz_vat": ("UZ", "123456789012"), "ve_rif": ("VE", "A-12345678-9"), "vn_tin": ("VN", "1234567890"),
    "za_vat": ("ZA", "4123456789"), "zm_tin": ("ZM", "1004751879"), "zw_tin": ("ZW", "1234567890"),
}

_SEP = r"[.\-/ ]?"
PATTERNS: dict[str, str] = {
    "eu_vat": r"(" + "|".join(EU_VAT_COUNTRIES) + r")[0-9A-Z+*]{8,12}",
    "gb_vat": r"GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})",
    "eu_oss_vat": r"EU\d{9}",
    "ch_vat": r"CHE-?\d{3}\.?\d{3}\.?\d{3} ?(MWST|TVA|IVA)",
    "ch_uid": r"CHE-?\d{3}\.?\d{3}\.?\d{3} ?(HR|IVA|TVA|MWST)?",
    "li_uid": r"CHE\d{9}",
    "no_vat": r"\d{9}MVA",
    "ca_gst_hst": r"\d{9}RT\d{4}",
    "ca_qst": r"\d{10}TQ\d{4}",
    "ca_pst_bc": r"PST-?\d{4}-?\d{4}",
    "cl_tin": r"\d{1,2}\.?\d{3}\.?\d{3}-?[\dK]",
    "jp_trn": r"T\d{13}",
    "mk_vat": r"MK\d{13}",
    "om_vat": r"OM\d{10}",
    "fo_vat": r"FO\d{6}",
    "in_gst": r"\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]",
    "it_cf": r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]",
    "mx_rfc": r"[A-Z&]{3,4}\d{6}[A-Z0-9]{3}",
    "my_itn": r"(C|CS|D|E|F|FA|PT|TA|TC|TN|TR|TP|J|LE|SG|OG) ?\d{10,11}",
    "ke_pin": r"[AP]\d{9}[A-Z]",
    "sg_gst": r"(M\d{8}[A-Z]|\d{9}[A-Z])",
}


def _from_example(example: str) -> str:
    pattern = ""
    for char in example:
        if char.isdigit():
            pattern += r"\d"
        elif char.isalpha():
            pattern += "[A-Z]"
        else:
            pattern += _SEP
    return pattern


FORMATS: dict[str, re.Pattern[str]] = {
    type_: re.compile(f"^(?:{PATTERNS.get(type_) or _from_example(example)})$")
    for type_, (_, example) in EXAMPLES.items()
}


def normalise(value: str) -> str:
    """The value as Stripe stores it: trimmed, letters upper-cased."""
    return value.strip().upper()


def country(type_: str, value: str) -> str:
    """The tax ID's country: fixed per type, or for EU VAT numbers read from the prefix."""
    return EXAMPLES[type_][0] or EU_VAT_COUNTRIES[value[:2]]
