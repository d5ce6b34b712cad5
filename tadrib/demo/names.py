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


# Reference qualifications that courses award.
# code | valid for (months) | English | Arabic | Turkish
QUALIFICATIONS = table("""
Q-TUR-L2  | -  | Turkish language, STANAG 6001 level 2 | اللغة التركية، المستوى 2 وفق ستاناغ 6001 | Türkçe, STANAG 6001 2. seviye
Q-CT-UNIT | 36 | Counter-terrorism operations (unit)   | عمليات مكافحة الإرهاب (الوحدات)          | Terörle mücadele harekâtı (birlik)
Q-CT-BAS  | 36 | Counter-terrorism, basic               | مكافحة الإرهاب، المستوى الأساسي          | Terörle mücadele, temel seviye
Q-CT-URB  | 36 | Urban counter-terrorism operations     | عمليات مكافحة الإرهاب في المناطق الحضرية | Meskûn mahalde terörle mücadele
Q-DEM-OP  | 24 | Deminer                                | عامل إزالة ألغام                         | Mayın temizleme personeli
Q-EOD-2   | 24 | EOD operator, level 2                  | مشغّل إبطال الذخائر المتفجرة، المستوى 2   | Patlayıcı mühimmat imha operatörü, 2. seviye
Q-DEM-TL  | 24 | Demining team leader                   | قائد فريق إزالة الألغام                  | Mayın temizleme tim komutanı
Q-CYB-1   | -  | Cyber defence technician               | فني دفاع سيبراني                         | Siber savunma teknisyeni
Q-CYB-NET | -  | Network defence specialist             | اختصاصي الدفاع عن الشبكات                | Ağ savunma uzmanı
Q-CYB-SOC | -  | Security operations centre analyst     | محلل مركز العمليات الأمنية               | Güvenlik operasyon merkezi analisti
Q-LOG-SUP | -  | Unit supply and maintenance specialist | اختصاصي الإمداد والصيانة في الوحدة       | Birlik ikmal ve bakım uzmanı
Q-LOG-MOV | -  | Movement control officer               | ضابط مراقبة الحركة                       | Hareket kontrol subayı
Q-LOG-MGR | -  | Military logistics manager             | مدير الإمداد والتموين العسكري            | Askerî lojistik yöneticisi
Q-PKO-PDT | 24 | Peacekeeping pre-deployment            | التأهيل السابق للانتشار في حفظ السلام    | Barışı koruma görev öncesi yeterliliği
Q-UN-SO   | -  | United Nations staff officer           | ضابط أركان في الأمم المتحدة              | Birleşmiş Milletler karargâh subayı
Q-UN-MO   | -  | United Nations military observer       | مراقب عسكري تابع للأمم المتحدة           | Birleşmiş Milletler askerî gözlemcisi
Q-UAV-OP  | 24 | Tactical UAV operator                  | مشغّل طائرات مسيّرة تكتيكية              | Taktik İHA operatörü
Q-AD-OP   | 24 | Air-defence system operator            | مشغّل منظومة دفاع جوي                    | Hava savunma sistemi operatörü
Q-PLT-LDR | -  | Platoon leader                         | قائد فصيل                                | Takım komutanı
""")

# The course catalogue of the host institutions. Turkish courses are taught in
# Turkish (most ask for a STANAG 6001 profile and name the Turkish preparation
# course, which comes first for those below it; the basic and barracks courses
# are interpreted into Arabic and ask for none), those of the Partnership for
# Peace centre and a few others in English; Saudi courses in Arabic. Framework
# references are illustrative, not real catalogue numbers.
# code | institution | area | level | language | minimum profile | preparation |
# days | lowest rank | highest rank | qualification | ECTS | pass mark | framework
COURSES = table("""
TUR-PREP    | TR-KHO    | language          | basic        | tr | -    | -        | 112 | -    | -    | Q-TUR-L2  | 12 | 60 | CEFR B1
FAC-CT-UNIT | TR-FAC-1  | counter_terrorism | basic        | tr | -    | -        | 50  | OR-1 | OF-3 | Q-CT-UNIT | -  | 60 | -
CT-BAS      | TR-TC-CT  | counter_terrorism | basic        | tr | -    | -        | 40  | OR-1 | OR-6 | Q-CT-BAS  | -  | 60 | -
CT-URB      | TR-TC-CT  | counter_terrorism | intermediate | tr | 2222 | TUR-PREP | 75  | OR-4 | OF-2 | Q-CT-URB  | -  | 65 | -
CT-DAT      | TR-TC-CT  | counter_terrorism | staff        | en | 2222 | -        | 10  | OF-2 | OF-5 | -         | 2  | 60 | ETOC DAT-CT-01
DHO-MAR     | TR-DHO    | counter_terrorism | intermediate | tr | 2222 | TUR-PREP | 40  | OR-4 | OF-3 | -         | -  | 60 | ETOC MSO-BRD-02
DEM-BAS     | TR-TC-DEM | demining          | basic        | tr | -    | -        | 80  | OR-1 | OR-9 | Q-DEM-OP  | -  | 70 | IMAS 09.10
DEM-EOD     | TR-TC-DEM | demining          | intermediate | tr | 2222 | TUR-PREP | 90  | OR-4 | OF-2 | Q-EOD-2   | -  | 70 | IMAS 09.30
DEM-TL      | TR-TC-DEM | demining          | advanced     | tr | 2222 | TUR-PREP | 55  | OR-5 | OF-2 | Q-DEM-TL  | -  | 70 | IMAS 09.10; IMAS 10.10
CYB-FND     | TR-TC-CYB | cyber_defence     | basic        | tr | 2222 | TUR-PREP | 115 | OR-4 | OF-3 | Q-CYB-1   | 6  | 60 | -
CYB-NET     | TR-TC-CYB | cyber_defence     | intermediate | tr | 2222 | TUR-PREP | 82  | OR-5 | OF-3 | Q-CYB-NET | 8  | 60 | -
CYB-SOC     | TR-TC-CYB | cyber_defence     | advanced     | en | 2121 | -        | 82  | OR-5 | OF-3 | Q-CYB-SOC | 10 | 65 | ETOC CYB-SOC-21
LOG-BAS     | TR-TC-LOG | logistics         | basic        | tr | -    | -        | 68  | OR-2 | OR-8 | Q-LOG-SUP | -  | 60 | -
LOG-MOV     | TR-TC-LOG | logistics         | intermediate | tr | 2222 | TUR-PREP | 54  | OR-5 | OF-3 | Q-LOG-MOV | -  | 60 | -
LOG-STF     | TR-TC-LOG | logistics         | staff        | tr | 2222 | TUR-PREP | 40  | OF-1 | OF-4 | -         | 5  | 60 | -
PKO-PDT     | TR-FAC-1  | peacekeeping      | basic        | tr | -    | -        | 54  | OR-1 | OF-3 | Q-PKO-PDT | -  | 60 | UN CPTM
PKO-UNSOC   | TR-TC-PKO | peacekeeping      | staff        | en | 2222 | -        | 26  | OF-2 | OF-4 | Q-UN-SO   | 3  | 60 | UN STM; ETOC PKO-UNSOC-01
PKO-MILOB   | TR-TC-PKO | peacekeeping      | intermediate | en | 2222 | -        | 19  | OF-1 | OF-4 | Q-UN-MO   | 2  | 60 | UN STM; ETOC PKO-MILOB-01
FAC-UAV     | TR-FAC-2  | technical         | basic        | tr | -    | -        | 82  | OR-4 | OF-2 | Q-UAV-OP  | -  | 65 | -
FAC-AD      | TR-FAC-2  | technical         | intermediate | tr | -    | -        | 68  | OR-4 | OF-3 | Q-AD-OP   | -  | 65 | -
KHO-PLT     | TR-KHO    | leadership        | intermediate | tr | 2222 | TUR-PREP | 96  | OF-1 | OF-2 | Q-PLT-LDR | 15 | 60 | -
SA-CT       | SA-KAMA   | counter_terrorism | intermediate | ar | -    | -        | 117 | OR-3 | OF-3 | Q-CT-UNIT | -  | 60 | -
SA-DEM      | SA-KAMA   | demining          | basic        | ar | -    | -        | 82  | OR-1 | OR-9 | Q-DEM-OP  | -  | 70 | IMAS 09.10
SA-CYB      | SA-KAMA   | cyber_defence     | basic        | ar | -    | -        | 40  | OR-4 | OF-3 | -         | 3  | 60 | -
SA-LOG      | SA-KAMA   | logistics         | staff        | ar | -    | -        | 131 | OF-1 | OF-4 | Q-LOG-MGR | 12 | 60 | -
SA-PKO      | SA-KAMA   | peacekeeping      | intermediate | ar | -    | -        | 75  | OR-5 | OF-4 | Q-PKO-PDT | -  | 60 | UN CPTM
SA-LDR      | SA-KAMA   | leadership        | staff        | ar | -    | -        | 159 | OF-1 | OF-3 | Q-PLT-LDR | 20 | 60 | -
""")

# code | English | Arabic | Turkish
COURSE_NAMES = {
    row[0]: tuple(row[1:])
    for row in table("""
TUR-PREP    | Turkish language preparation                   | الإعداد اللغوي باللغة التركية                     | Türkçe hazırlık kursu
FAC-CT-UNIT | Counter-terrorism operations: unit training     | عمليات مكافحة الإرهاب: تدريب الوحدات             | Terörle mücadele harekâtı: birlik eğitimi
CT-BAS      | Counter-terrorism basic course                  | الدورة الأساسية في مكافحة الإرهاب                 | Terörle mücadele temel kursu
CT-URB      | Urban counter-terrorism operations              | عمليات مكافحة الإرهاب في المناطق الحضرية          | Meskûn mahalde terörle mücadele harekâtı
CT-DAT      | Defence against terrorism staff course          | دورة الأركان في الدفاع ضد الإرهاب                 | Terörizme karşı savunma karargâh kursu
DHO-MAR     | Maritime security and boarding operations       | الأمن البحري وعمليات الصعود والتفتيش              | Deniz güvenliği ve gemiye çıkma harekâtı
DEM-BAS     | Basic demining (humanitarian mine clearance)     | الدورة الأساسية في إزالة الألغام (الإزالة الإنسانية) | Temel mayın temizleme (insani mayın temizleme)
DEM-EOD     | Explosive ordnance disposal, level 2            | إبطال الذخائر المتفجرة، المستوى 2                  | Patlayıcı mühimmat imhası, 2. seviye
DEM-TL      | Demining team leader                            | قائد فريق إزالة الألغام                           | Mayın temizleme tim komutanlığı
CYB-FND     | Cyber defence fundamentals                      | أساسيات الدفاع السيبراني                          | Siber savunmanın temelleri
CYB-NET     | Military network defence                        | الدفاع عن الشبكات العسكرية                        | Askerî ağ savunması
CYB-SOC     | Security operations centre analyst              | محلل مركز العمليات الأمنية                        | Güvenlik operasyon merkezi analistliği
LOG-BAS     | Unit supply and maintenance                     | الإمداد والصيانة على مستوى الوحدة                 | Birlik ikmal ve bakımı
LOG-MOV     | Movement control and transport                  | مراقبة الحركة والنقل                              | Hareket kontrolü ve ulaştırma
LOG-STF     | Logistics staff officer course                  | دورة ضباط أركان الإمداد والتموين                  | Lojistik karargâh subayı kursu
PKO-PDT     | Peacekeeping pre-deployment training            | التدريب السابق للانتشار في عمليات حفظ السلام      | Barışı koruma görev öncesi eğitimi
PKO-UNSOC   | United Nations staff officer course             | دورة ضباط الأركان في الأمم المتحدة                | Birleşmiş Milletler karargâh subayı kursu
PKO-MILOB   | United Nations military observer course         | دورة المراقبين العسكريين التابعين للأمم المتحدة   | Birleşmiş Milletler askerî gözlemci kursu
FAC-UAV     | Tactical UAV operator                           | مشغّل الطائرات المسيّرة التكتيكية                 | Taktik İHA operatörlüğü
FAC-AD      | Air-defence system operator and maintainer      | تشغيل منظومات الدفاع الجوي وصيانتها               | Hava savunma sistemi operatörlüğü ve bakımı
KHO-PLT     | Platoon leader course                           | دورة قادة الفصائل                                 | Takım komutanlığı kursu
SA-CT       | Counter-terrorism operations course             | دورة عمليات مكافحة الإرهاب                        | Terörle mücadele harekâtı kursu
SA-DEM      | Explosive hazards and mine clearance            | المخاطر المتفجرة وإزالة الألغام                   | Patlayıcı tehlikeler ve mayın temizleme
SA-CYB      | Cyber security for units                        | الأمن السيبراني للوحدات                           | Birlikler için siber güvenlik
SA-LOG      | Military logistics management                   | إدارة الإمداد والتموين العسكري                    | Askerî lojistik yönetimi
SA-PKO      | Peace support operations                        | عمليات دعم السلام                                 | Barışı destekleme harekâtı
SA-LDR      | Junior officer leadership and command           | القيادة والسيطرة للضباط الأحداث                   | Genç subaylar için liderlik ve komuta
""")
}

# course | required course (completed, or its qualification held)
PREREQUISITES = table("""
CT-URB  | FAC-CT-UNIT
DEM-EOD | DEM-BAS
DEM-TL  | DEM-BAS
CYB-NET | CYB-FND
""")

# Posts of graduates on their return, by training area: one that uses the
# training, and others that do not.
POSTS_USING = {
    "counter_terrorism": "Section commander, counter-terrorism company",
    "demining": "Deminer, engineer clearance team",
    "cyber_defence": "Network defence technician, signals battalion",
    "logistics": "Supply and maintenance NCO, battalion logistics cell",
    "peacekeeping": "Peace-support training cadre, brigade headquarters",
    "leadership": "Platoon leader",
    "technical": "Operator, unit equipment section",
}
POSTS_NOT_USING = (
    "Guard commander, division headquarters",
    "Driver, brigade transport section",
    "Clerk, personnel office",
)
