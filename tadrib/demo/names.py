"""Names for the demo scenario: those of its synthetic people, and the English,
Arabic and Turkish names of its nations, organisations, ranks and specialties.

Syrian and Saudi people's names are (Arabic script, Latin transliteration)
pairs; the transliteration follows common Levantine / Gulf usage rather than a
strict scheme, as names appear in passports. Turkish names are written in
Turkish Latin script, which is also their Latin form. Every combination drawn
from these lists is fictitious.

The tables are '|'-separated text (see ``table()``) so that each record stays
on one line.
"""

from __future__ import annotations

NamePair = tuple[str, str]

SYRIAN_GIVEN_NAMES: list[NamePair] = [
    ("محمد", "Mohammad"),
    ("أحمد", "Ahmad"),
    ("محمود", "Mahmoud"),
    ("مصطفى", "Mustafa"),
    ("علي", "Ali"),
    ("حسن", "Hasan"),
    ("حسين", "Husayn"),
    ("عمر", "Omar"),
    ("عثمان", "Othman"),
    ("خالد", "Khaled"),
    ("إبراهيم", "Ibrahim"),
    ("يوسف", "Yousef"),
    ("عبدالله", "Abdullah"),
    ("عبدالرحمن", "Abdulrahman"),
    ("عبدالكريم", "Abdulkarim"),
    ("عبدالقادر", "Abdulqader"),
    ("سامر", "Samer"),
    ("باسل", "Basel"),
    ("بلال", "Bilal"),
    ("حمزة", "Hamza"),
    ("طارق", "Tareq"),
    ("زياد", "Ziad"),
    ("رامي", "Rami"),
    ("فادي", "Fadi"),
    ("وسيم", "Wasim"),
    ("أنس", "Anas"),
    ("معاذ", "Muath"),
    ("عمار", "Ammar"),
    ("ياسر", "Yaser"),
    ("مازن", "Mazen"),
    ("نزار", "Nizar"),
    ("هيثم", "Haytham"),
    ("وائل", "Wael"),
    ("سليمان", "Sulaiman"),
    ("صالح", "Saleh"),
    ("جمال", "Jamal"),
    ("كمال", "Kamal"),
    ("فراس", "Firas"),
    ("غياث", "Ghiyath"),
    ("مهند", "Muhannad"),
    ("قصي", "Qusay"),
    ("ليث", "Laith"),
    ("أيمن", "Ayman"),
    ("إياد", "Iyad"),
    ("نبيل", "Nabil"),
    ("هشام", "Hisham"),
    ("عادل", "Adel"),
    ("عماد", "Imad"),
    ("رياض", "Riyad"),
    ("منذر", "Munzer"),
    ("ضياء", "Diaa"),
    ("شادي", "Shadi"),
    ("محمد نور", "Mohammad Nour"),
    ("عدنان", "Adnan"),
    ("غسان", "Ghassan"),
    ("يزن", "Yazan"),
    ("كنان", "Kinan"),
    ("مجد", "Majd"),
    ("قاسم", "Qasim"),
    ("مروان", "Marwan"),
]

SYRIAN_FAMILY_NAMES: list[NamePair] = [
    ("الأحمد", "al-Ahmad"),
    ("الحسن", "al-Hasan"),
    ("الحسين", "al-Husayn"),
    ("العلي", "al-Ali"),
    ("الخطيب", "al-Khatib"),
    ("الحلبي", "al-Halabi"),
    ("الشامي", "al-Shami"),
    ("الحمصي", "al-Homsi"),
    ("الإدلبي", "al-Idlibi"),
    ("الحموي", "al-Hamawi"),
    ("الدمشقي", "al-Dimashqi"),
    ("الديري", "al-Dayri"),
    ("الرفاعي", "al-Rifai"),
    ("الزعبي", "al-Zoubi"),
    ("المحاميد", "al-Mahamid"),
    ("الحريري", "al-Hariri"),
    ("المقداد", "al-Miqdad"),
    ("العبدالله", "al-Abdullah"),
    ("الصالح", "al-Saleh"),
    ("العمر", "al-Omar"),
    ("الخليل", "al-Khalil"),
    ("الإبراهيم", "al-Ibrahim"),
    ("الموسى", "al-Mousa"),
    ("العيسى", "al-Issa"),
    ("الجاسم", "al-Jasim"),
    ("الحمود", "al-Hamoud"),
    ("السلامة", "al-Salama"),
    ("النجار", "al-Najjar"),
    ("الحداد", "al-Haddad"),
    ("العطار", "al-Attar"),
    ("الخياط", "al-Khayyat"),
    ("الدباغ", "al-Dabbagh"),
    ("القصاب", "al-Qassab"),
    ("الطحان", "al-Tahhan"),
    ("السقا", "al-Saqqa"),
    ("الشيخ", "al-Sheikh"),
    ("البكري", "al-Bakri"),
    ("الكردي", "al-Kurdi"),
    ("التركماني", "al-Turkmani"),
    ("الجبوري", "al-Jubouri"),
    ("العنزي", "al-Anazi"),
    ("الشمري", "al-Shammari"),
    ("الطائي", "al-Taie"),
    ("القاسم", "al-Qasim"),
    ("المصري", "al-Masri"),
    ("الخالد", "al-Khalid"),
    ("السيد", "al-Sayyed"),
    ("قباني", "Qabbani"),
    ("العظم", "al-Azm"),
    ("الأتاسي", "al-Atassi"),
    ("الجابري", "al-Jabiri"),
    ("الكيالي", "al-Kayyali"),
    ("البيطار", "al-Bitar"),
    ("الشهابي", "al-Shihabi"),
    ("الحمدان", "al-Hamdan"),
    ("الدرويش", "al-Darwish"),
    ("النعيمي", "al-Nuaimi"),
    ("العبيد", "al-Obeid"),
    ("الفارس", "al-Fares"),
    ("المصطفى", "al-Mustafa"),
]

SAUDI_GIVEN_NAMES: list[NamePair] = [
    ("عبدالعزيز", "Abdulaziz"),
    ("فهد", "Fahad"),
    ("سلطان", "Sultan"),
    ("تركي", "Turki"),
    ("نايف", "Naif"),
    ("بندر", "Bandar"),
    ("سعود", "Saud"),
    ("فيصل", "Faisal"),
    ("ماجد", "Majed"),
    ("مشعل", "Mishal"),
    ("عبدالمجيد", "Abdulmajeed"),
    ("راشد", "Rashed"),
    ("سعد", "Saad"),
    ("ناصر", "Nasser"),
    ("خالد", "Khalid"),
]

SAUDI_FAMILY_NAMES: list[NamePair] = [
    ("القحطاني", "Al-Qahtani"),
    ("العتيبي", "Al-Otaibi"),
    ("الشمري", "Al-Shammari"),
    ("الدوسري", "Al-Dosari"),
    ("الغامدي", "Al-Ghamdi"),
    ("الزهراني", "Al-Zahrani"),
    ("الحربي", "Al-Harbi"),
    ("المطيري", "Al-Mutairi"),
    ("السبيعي", "Al-Subaie"),
    ("الشهري", "Al-Shehri"),
    ("العمري", "Al-Omari"),
    ("السهلي", "Al-Sahli"),
]

TURKISH_GIVEN_NAMES: list[str] = [
    "Ahmet",
    "Mehmet",
    "Mustafa",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "İsmail",
    "Osman",
    "Yusuf",
    "Murat",
    "Ömer",
    "Ramazan",
    "Halil",
    "Süleyman",
    "Emre",
    "Serkan",
    "Burak",
    "Volkan",
    "Uğur",
    "Oğuz",
    "Kaan",
    "Tolga",
    "Barış",
    "Çağrı",
    "Gökhan",
    "Levent",
    "Erdem",
    "Selim",
    "Tuncay",
    "Ayşe",
    "Fatma",
    "Elif",
    "Zeynep",
    "Büşra",
    "Gülşen",
    "Derya",
    "Şule",
    "Özlem",
    "Nihan",
]

TURKISH_FAMILY_NAMES: list[str] = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Korkmaz",
    "Erdoğdu",
    "Güneş",
    "Aksoy",
    "Ertürk",
    "Karaca",
    "Bozkurt",
    "Tekin",
    "Uçar",
    "Akgül",
    "Avcı",
    "Türkmen",
    "Sarı",
    "Güler",
    "Keskin",
    "Eren",
    "Başaran",
    "Tunç",
    "Gündoğdu",
]


def table(text: str) -> list[list[str]]:
    """Rows of a '|'-separated table, cells stripped ('-' is an empty cell)."""
    rows = []
    for line in text.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        rows.append(["" if cell == "-" else cell for cell in cells])
    return rows


# iso | role | English | Arabic | Turkish
NATIONS = table("""
TR | host    | Türkiye      | تركيا     | Türkiye
SA | host    | Saudi Arabia | السعودية  | Suudi Arabistan
SY | partner | Syria        | سوريا     | Suriye
""")

# code | parent | kind | echelon | English | Arabic | Turkish — parents first.
ORGANISATIONS = table("""
TR-MND     | -          | ministry        | -    | Ministry of National Defence | وزارة الدفاع الوطني | Millî Savunma Bakanlığı
TR-MND-ICO | TR-MND     | office          | -    | International Cooperation Office | مكتب التعاون الدولي | Uluslararası İşbirliği Dairesi
TR-MND-TRD | TR-MND     | directorate     | -    | Training and Doctrine Directorate | مديرية التدريب والعقيدة | Eğitim ve Doktrin Başkanlığı
TR-KHO     | TR-MND-TRD | academy         | -    | Turkish Military Academy (Kara Harp Okulu) | الكلية الحربية البرية | Kara Harp Okulu
TR-HHO     | TR-MND-TRD | academy         | -    | Air Force Academy (Hava Harp Okulu) | الكلية الحربية الجوية | Hava Harp Okulu
TR-DHO     | TR-MND-TRD | academy         | -    | Naval Academy (Deniz Harp Okulu) | الكلية الحربية البحرية | Deniz Harp Okulu
TR-TC-CT   | TR-MND-TRD | training_centre | -    | Counter-Terrorism Training Centre | مركز التدريب على مكافحة الإرهاب | Terörle Mücadele Eğitim Merkezi
TR-TC-DEM  | TR-MND-TRD | training_centre | -    | Demining Training Centre | مركز التدريب على إزالة الألغام | Mayın Temizleme Eğitim Merkezi
TR-TC-CYB  | TR-MND-TRD | training_centre | -    | Cyber Defence Training Centre | مركز التدريب على الدفاع السيبراني | Siber Savunma Eğitim Merkezi
TR-TC-LOG  | TR-MND-TRD | training_centre | -    | Logistics School | مدرسة الإمداد والتموين | Lojistik Okulu
TR-TC-PKO  | TR-MND-TRD | training_centre | -    | Partnership for Peace Training Centre | مركز تدريب الشراكة من أجل السلام | Barış İçin Ortaklık Eğitim Merkezi
TR-FAC-1   | TR-MND-TRD | facility        | -    | Southern Training Barracks | ثكنة التدريب الجنوبية | Güney Eğitim Kışlası
TR-FAC-2   | TR-MND-TRD | facility        | -    | Central Anatolia Training Barracks | ثكنة تدريب الأناضول الوسطى | İç Anadolu Eğitim Kışlası
TR-MND-LOG | TR-MND     | directorate     | -    | Logistics Directorate | مديرية الإمداد والتموين | Lojistik Başkanlığı
TR-MND-INS | TR-MND     | office          | -    | Inspectorate | هيئة التفتيش | Teftiş Kurulu Başkanlığı
SA-MOD     | -          | ministry        | -    | Ministry of Defense | وزارة الدفاع | Savunma Bakanlığı
SA-KAMA    | SA-MOD     | academy         | -    | King Abdulaziz Military Academy | كلية الملك عبدالعزيز الحربية | Kral Abdülaziz Harp Akademisi
SY-MOD     | -          | ministry        | -    | Ministry of Defence | وزارة الدفاع | Savunma Bakanlığı
SY-MOD-TRD | SY-MOD     | directorate     | -    | Training Directorate | مديرية التدريب | Eğitim Müdürlüğü
SY-CADETS  | SY-MOD-TRD | office          | -    | Officer Cadets Abroad | مكتب الطلاب الضباط في الخارج | Yurt Dışındaki Harbiyeliler Bürosu
SY-MA      | SY-MOD-TRD | academy         | -    | Military Academy | الكلية الحربية | Harp Okulu
SY-MOD-GS  | SY-MOD     | command         | army | General Staff | هيئة الأركان العامة | Genelkurmay Başkanlığı
""")

# division | brigade | English | Arabic | Turkish | branches of its three battalions
BRIGADES = table("""
1 | 11 | 11th Mechanised Brigade  | اللواء الميكانيكي الحادي عشر    | 11. Mekanize Tugay     | INF ARM ART
1 | 12 | 12th Mechanised Brigade  | اللواء الميكانيكي الثاني عشر    | 12. Mekanize Tugay     | INF ARM ART
1 | 13 | 13th Mechanised Brigade  | اللواء الميكانيكي الثالث عشر    | 13. Mekanize Tugay     | INF INF ART
2 | 21 | 21st Support Brigade     | لواء الدعم الحادي والعشرون      | 21. Destek Tugayı      | ENG SIG LOG
2 | 22 | 22nd Air Defence Brigade | لواء الدفاع الجوي الثاني والعشرون | 22. Hava Savunma Tugayı | AD UAV MP
""")
DIVISIONS = {
    "1": ("1st Division", "الفرقة الأولى", "1. Tümen"),
    "2": ("2nd Division", "الفرقة الثانية", "2. Tümen"),
}
# specialty | battalion in English | Arabic | Turkish
BATTALION_KINDS = {
    row[0]: row[1:]
    for row in table("""
INF | Infantry Battalion        | كتيبة المشاة         | Piyade Taburu
ARM | Tank Battalion            | كتيبة الدبابات       | Tank Taburu
ART | Artillery Battalion       | كتيبة المدفعية       | Topçu Taburu
ENG | Engineer Battalion        | كتيبة الهندسة        | İstihkâm Taburu
SIG | Signals Battalion         | كتيبة الإشارة        | Muhabere Taburu
LOG | Logistics Battalion       | كتيبة الإمداد        | Lojistik Destek Taburu
AD  | Air Defence Battalion     | كتيبة الدفاع الجوي   | Hava Savunma Taburu
UAV | UAV Battalion             | كتيبة الطائرات المسيرة | İHA Taburu
MP  | Military Police Battalion | كتيبة الشرطة العسكرية | Askerî İnzibat Taburu
""")
}


# code | NATO | seniority | English | Arabic | Turkish
RANK_TABLE = table("""
GEN  | OF-9  | 190 | General                | فريق أول   | Orgeneral
LTG  | OF-8  | 180 | Lieutenant general     | فريق       | Korgeneral
MG   | OF-7  | 170 | Major general          | لواء       | Tümgeneral
BG   | OF-6  | 160 | Brigadier general      | عميد       | Tuğgeneral
COL  | OF-5  | 150 | Colonel                | عقيد       | Albay
LTC  | OF-4  | 140 | Lieutenant colonel     | مقدم       | Yarbay
MAJ  | OF-3  | 130 | Major                  | رائد       | Binbaşı
CPT  | OF-2  | 120 | Captain                | نقيب       | Yüzbaşı
1LT  | OF-1  | 110 | First lieutenant       | ملازم أول  | Üsteğmen
LT   | OF-1  | 100 | Lieutenant             | ملازم      | Teğmen
OCDT | OF(D) | 90  | Officer cadet          | طالب ضابط  | Harbiyeli
CWO  | OR-9  | 80  | Chief warrant officer  | مساعد أول  | Kıdemli Başçavuş
WO   | OR-8  | 70  | Warrant officer        | مساعد      | Başçavuş
SSG  | OR-6  | 60  | Staff sergeant         | رقيب أول   | Üstçavuş
SGT  | OR-5  | 50  | Sergeant               | رقيب       | Çavuş
CPL  | OR-4  | 40  | Corporal               | عريف       | Onbaşı
PFC  | OR-2  | 20  | Private first class    | جندي أول   | Kıdemli Er
PTE  | OR-1  | 10  | Private                | جندي       | Er
""")
# Per nation: ranks left out, and national names that differ (code: (English, Arabic)).
RANK_OMIT = {"TR": {"PFC"}, "SA": set(), "SY": set()}
RANK_NAMES = {
    "SY": {"GEN": ("General", "عماد أول"), "LTG": ("Lieutenant general", "عماد")},
    "SA": {"OCDT": ("Officer cadet", "طالب عسكري"), "CWO": ("Chief sergeant", "رئيس رقباء")},
    "TR": {},
}


# code | English | Arabic | Turkish
SPECIALTIES = table("""
INF | Infantry                  | المشاة                       | Piyade
ARM | Armour                    | المدرعات                     | Zırhlı Birlikler
ART | Artillery                 | المدفعية                     | Topçu
ENG | Engineers (demining)      | الهندسة (إزالة الألغام)      | İstihkâm (mayın temizleme)
SIG | Signals and cyber defence | الإشارة والدفاع السيبراني    | Muhabere ve siber savunma
LOG | Logistics                 | الإمداد والتموين             | Lojistik
AD  | Air defence               | الدفاع الجوي                 | Hava savunma
UAV | Unmanned aerial systems   | الأنظمة الجوية غير المأهولة  | İnsansız hava sistemleri
MP  | Military police           | الشرطة العسكرية              | Askerî inzibat
MED | Medical                   | الخدمات الطبية               | Sağlık
""")
