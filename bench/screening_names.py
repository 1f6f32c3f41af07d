# ruff: noqa: E501  (a data table: one line per name part reads best)
"""Name parts for the screening benchmark: common Latin spellings beside the original script.

Written for this benchmark from general knowledge of naming conventions (no list of real people):
each entry is one name part, its usual Latin spellings (the first is the most common) and its
spelling in the tradition's own script (None where the tradition writes Latin). Person names
are random combinations of these parts, so any resemblance to a real person is coincidence.
The Latin and script forms are independent of rcf's transliteration (they are what officers and
lists write), so the benchmark measures the transliteration rather than repeating it.
"""

from __future__ import annotations

Part = tuple[tuple[str, ...], str | None]

ARABIC_GIVEN: list[Part] = [
    (("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"), "محمد"),
    (("Ahmed", "Ahmad"), "أحمد"), (("Ali",), "علي"), (("Omar", "Umar"), "عمر"),
    (("Hassan", "Hasan"), "حسن"), (("Hussein", "Husain", "Hussain", "Husayn"), "حسين"),
    (("Ibrahim", "Ebrahim"), "إبراهيم"), (("Yusuf", "Youssef", "Yousef"), "يوسف"),
    (("Khalid", "Khaled"), "خالد"), (("Abdullah", "Abdallah"), "عبدالله"),
    (("Abdulrahman", "Abdul Rahman", "Abdelrahman"), "عبد الرحمن"),
    (("Mahmoud", "Mahmud"), "محمود"), (("Mustafa", "Mostafa"), "مصطفى"),
    (("Karim", "Kareem"), "كريم"), (("Tariq", "Tarek", "Tarik"), "طارق"),
    (("Walid", "Waleed"), "وليد"), (("Saeed", "Said", "Sayed"), "سعيد"), (("Hamza", "Hamzah"), "حمزة"),
    (("Bilal",), "بلال"), (("Jamal", "Gamal"), "جمال"), (("Nasser", "Nasir", "Naser"), "ناصر"),
    (("Salem", "Salim"), "سالم"), (("Faisal", "Faysal"), "فيصل"), (("Adel", "Adil"), "عادل"),
    (("Samir", "Sameer"), "سمير"), (("Osama", "Usama"), "أسامة"), (("Ayman", "Aiman"), "أيمن"),
    (("Fatima", "Fatma", "Fatimah"), "فاطمة"), (("Aisha", "Aysha", "Aicha"), "عائشة"),
    (("Mariam", "Maryam"), "مريم"), (("Zainab", "Zeinab", "Zaynab"), "زينب"),
    (("Khadija", "Khadijah"), "خديجة"), (("Amina", "Aminah"), "أمينة"), (("Yasin", "Yaseen"), "ياسين"),
    (("Anas",), "أنس"), (("Majid", "Majed"), "ماجد"), (("Rami", "Ramy"), "رامي"),
]  # fmt: skip
ARABIC_FAMILY: list[Part] = [
    (("al-Masri", "Masri", "El Masry"), "المصري"), (("al-Baghdadi", "Baghdadi"), "البغدادي"),
    (("Haddad",), "حداد"), (("Khalil", "Khaleel"), "خليل"), (("Saleh", "Salih"), "صالح"),
    (("Hamdan",), "حمدان"), (("Mansour", "Mansur"), "منصور"), (("al-Tamimi", "Tamimi"), "التميمي"),
    (("al-Shami", "Shami"), "الشامي"), (("Abbas",), "عباس"), (("Qasim", "Kassem", "Qassem"), "قاسم"),
    (("Darwish", "Darweesh"), "درويش"), (("Awad", "Awwad"), "عواد"),
    (("Suleiman", "Sulaiman", "Sleiman"), "سليمان"), (("al-Zahrani", "Zahrani"), "الزهراني"),
    (("Othman", "Uthman", "Osman"), "عثمان"), (("Jaber", "Jabir"), "جابر"),
    (("Rashid", "Rasheed"), "راشد"), (("Hijazi", "Hegazy"), "حجازي"), (("al-Obeidi", "Obaidi"), "العبيدي"),
    (("Najjar", "Naggar"), "نجار"), (("Shaker", "Shakir"), "شاكر"), (("Farouk", "Faruq"), "فاروق"),
]  # fmt: skip
PERSIAN_GIVEN: list[Part] = [
    (("Mohammad", "Muhammad", "Mohammed"), "محمد"), (("Reza", "Riza"), "رضا"), (("Ali",), "علی"),
    (("Hossein", "Hussain", "Husain"), "حسین"), (("Mehdi", "Mahdi"), "مهدی"), (("Ahmad", "Ahmed"), "احمد"),
    (("Gul", "Gol"), "گل"), (("Rahim", "Raheem"), "رحیم"), (("Karim", "Kareem"), "کریم"),
    (("Javad", "Jawad"), "جواد"), (("Hamid", "Hameed"), "حمید"), (("Navid", "Naveed"), "نوید"),
    (("Imran", "Emran"), "عمران"), (("Farid", "Fareed"), "فرید"), (("Nasrullah", "Nasrollah"), "نصرالله"),
    (("Habib", "Habeeb"), "حبیب"), (("Shahid", "Shaheed"), "شاهد"), (("Asif", "Asef"), "آصف"),
    (("Bashir", "Basheer"), "بشیر"), (("Wahid", "Waheed", "Vahid"), "وحید"),
    (("Jamshid", "Jamsheed"), "جمشید"), (("Parviz", "Parvez", "Pervez"), "پرویز"),
    (("Zahra", "Zehra"), "زهرا"), (("Fatemeh", "Fatima"), "فاطمه"), (("Sakineh", "Sakina"), "سکینه"),
    (("Abdul Qadir", "Abdulqadir", "Abdul Qader"), "عبدالقادر"), (("Noor", "Nur"), "نور"),
    (("Zabihullah", "Zabiullah"), "ذبیح الله"), (("Sher",), "شیر"), (("Khan",), "خان"),
]  # fmt: skip
PERSIAN_FAMILY: list[Part] = [
    (("Hosseini", "Husseini", "Hoseini"), "حسینی"), (("Ahmadi", "Ahmady"), "احمدی"),
    (("Rahimi",), "رحیمی"), (("Karimi",), "کریمی"), (("Mohammadi", "Muhammadi"), "محمدی"),
    (("Khan",), "خان"), (("Popal",), "پوپل"), (("Durrani", "Durani"), "درانی"),
    (("Yousafzai", "Yusufzai"), "یوسفزی"), (("Safi",), "صافی"), (("Haqqani", "Haqani"), "حقانی"),
    (("Akbari",), "اکبری"), (("Rezaei", "Rezai"), "رضایی"), (("Jafari", "Jaafari"), "جعفری"),
    (("Hashemi", "Hashimi"), "هاشمی"), (("Qureshi", "Kureshi"), "قریشی"), (("Siddiqui", "Siddiqi"), "صدیقی"),
    (("Malik",), "ملک"), (("Chaudhry", "Chaudhary"), "چوہدری"), (("Noorzai", "Nurzai"), "نورزی"),
    (("Wardak",), "وردک"), (("Stanikzai",), "استانکزی"), (("Amiri",), "امیری"), (("Sultani", "Soltani"), "سلطانی"),
]  # fmt: skip
BURMESE_SYLLABLES: list[Part] = [
    (("Aung",), "အောင်"), (("Kyaw", "Kyawe"), "ကျော်"), (("Myint",), "မြင့်"), (("Win", "Winn"), "ဝင်း"),
    (("Zaw",), "ဇော်"), (("Soe", "So"), "စိုး"), (("Htun", "Tun"), "ထွန်း"), (("Thein", "Thane"), "သိန်း"),
    (("Naing",), "နိုင်"), (("Min",), "မင်း"), (("Hla",), "လှ"), (("Than",), "သန်း"),
    (("Myo", "Myoe"), "မျိုး"), (("Khin",), "ခင်"), (("San",), "ဆန်း"), (("Nyein",), "ငြိမ်း"),
    (("Thu",), "သူ"), (("Lwin",), "လွင်"), (("Phyo", "Pyo"), "ဖြိုး"), (("Htet", "Htett"), "ထက်"),
    (("Nay", "Ne"), "နေ"), (("Kyi",), "ကြည်"), (("Su", "Suu"), "စု"), (("Moe", "Mo"), "မိုး"),
    (("Thet",), "သက်"), (("Yin",), "ယဉ်"), (("Mya",), "မြ"), (("Hnin",), "နှင်း"), (("Tin", "Tint"), "တင်"),
    (("Maung",), "မောင်"), (("Oo",), "ဦး"), (("Chit",), "ချစ်"), (("Shwe",), "ရွှေ"), (("Hlaing",), "လှိုင်"),
]  # fmt: skip
CHINESE_FAMILY: list[Part] = [
    (("Wang",), "王"), (("Li", "Lee"), "李"), (("Zhang", "Chang"), "张"), (("Liu",), "刘"), (("Chen",), "陈"),
    (("Yang",), "杨"), (("Huang",), "黄"), (("Zhao", "Chao"), "赵"), (("Wu",), "吴"), (("Zhou", "Chou"), "周"),
    (("Xu", "Hsu"), "徐"), (("Sun",), "孙"), (("Zhu", "Chu"), "朱"), (("Hu",), "胡"), (("Guo", "Kuo"), "郭"),
    (("He", "Ho"), "何"), (("Lin",), "林"), (("Luo", "Lo"), "罗"), (("Gao", "Kao"), "高"), (("Zheng", "Cheng"), "郑"),
]  # fmt: skip
CHINESE_GIVEN: list[Part] = [
    (("Wei",), "伟"), (("Fang",), "芳"), (("Min",), "敏"), (("Jing", "Ching"), "静"), (("Lei",), "磊"),
    (("Qiang", "Chiang"), "强"), (("Ping",), "平"), (("Hua",), "华"), (("Ming",), "明"), (("Hui",), "辉"),
    (("Xiu", "Hsiu"), "秀"), (("Lan",), "兰"), (("Jian", "Chien"), "建"), (("Guo", "Kuo"), "国"),
    (("Hai",), "海"), (("Yan",), "燕"), (("Hong",), "红"), (("Xiao", "Hsiao"), "小"), (("Zhi", "Chih"), "志"),
    (("Yu",), "雨"), (("Ting",), "婷"), (("Chao",), "超"), (("Bo", "Po"), "波"), (("Tao",), "涛"),
    (("Yong",), "勇"), (("Jie", "Chieh"), "杰"), (("Xin", "Hsin"), "鑫"), (("Long", "Lung"), "龙"),
]  # fmt: skip
KOREAN_FAMILY: list[Part] = [
    (("Kim", "Gim"), "김"), (("Lee", "Yi", "Rhee"), "이"), (("Park", "Pak", "Bak"), "박"), (("Choi", "Choe"), "최"),
    (("Jung", "Jeong", "Chung"), "정"), (("Kang",), "강"), (("Cho", "Jo"), "조"), (("Yoon", "Yun"), "윤"),
    (("Jang", "Chang"), "장"), (("Lim", "Im"), "임"), (("Han",), "한"), (("Shin", "Sin"), "신"),
]  # fmt: skip
KOREAN_GIVEN: list[Part] = [
    (("Min",), "민"), (("Jun", "Joon"), "준"), (("Seo", "Suh"), "서"), (("Ji",), "지"), (("Hyun", "Hyeon"), "현"),
    (("Woo", "U"), "우"), (("Young", "Yeong"), "영"), (("Soo", "Su"), "수"), (("Jin",), "진"), (("Ho",), "호"),
    (("Eun",), "은"), (("Ha",), "하"), (("Yeon", "Yon"), "연"), (("Sung", "Seong"), "성"), (("Hee", "Hui"), "희"),
    (("Jae",), "재"), (("Dong",), "동"), (("Sang",), "상"), (("Kyung", "Gyeong"), "경"), (("Chul", "Cheol"), "철"),
]  # fmt: skip
VIETNAMESE_FAMILY: list[Part] = [
    (("Nguyen", "Nguyễn"), "Nguyễn"), (("Tran",), "Trần"), (("Le",), "Lê"), (("Pham",), "Phạm"),
    (("Hoang", "Huynh"), "Hoàng"), (("Vu", "Vo"), "Vũ"), (("Dang",), "Đặng"), (("Bui",), "Bùi"),
    (("Do",), "Đỗ"), (("Ho",), "Hồ"), (("Ngo",), "Ngô"), (("Duong",), "Dương"), (("Ly",), "Lý"),
]  # fmt: skip
VIETNAMESE_MIDDLE: list[Part] = [
    (("Van",), "Văn"), (("Thi",), "Thị"), (("Duc",), "Đức"), (("Minh",), "Minh"), (("Quang",), "Quang"),
    (("Huu",), "Hữu"), (("Ngoc",), "Ngọc"), (("Thanh",), "Thanh"), (("Xuan",), "Xuân"),
]  # fmt: skip
VIETNAMESE_GIVEN: list[Part] = [
    (("Hung",), "Hùng"), (("Mai",), "Mai"), (("Lan",), "Lan"), (("Tuan",), "Tuấn"), (("Huong",), "Hương"),
    (("Thanh",), "Thành"), (("Linh",), "Linh"), (("Hai",), "Hải"), (("Nam",), "Nam"), (("Phuong",), "Phương"),
    (("Khanh",), "Khánh"), (("Bao",), "Bảo"), (("Trung",), "Trung"), (("Hieu",), "Hiếu"), (("Thao",), "Thảo"),
    (("Dung",), "Dũng"), (("Long",), "Long"), (("Son",), "Sơn"), (("Cuong",), "Cường"), (("Thuy",), "Thủy"),
]  # fmt: skip
THAI_GIVEN: list[Part] = [
    (("Somchai",), "สมชาย"), (("Somsak",), "สมศักดิ์"), (("Prasert",), "ประเสริฐ"), (("Suda",), "สุดา"),
    (("Malee", "Mali"), "มาลี"), (("Wichai", "Vichai"), "วิชัย"), (("Anan",), "อนันต์"),
    (("Somporn", "Somphon"), "สมพร"), (("Nipon", "Niphon"), "นิพนธ์"), (("Kanya",), "กันยา"),
    (("Sombat",), "สมบัติ"), (("Preecha", "Pricha"), "ปรีชา"), (("Chanida",), "ชนิดา"),
]  # fmt: skip
THAI_FAMILY: list[Part] = [
    (("Jaidee", "Chaidee", "Jaidi"), "ใจดี"), (("Srisuk", "Srisook"), "ศรีสุข"), (("Thongchai", "Tongchai"), "ทองชัย"),
    (("Suksawat",), "สุขสวัสดิ์"), (("Boonmee", "Bunmi"), "บุญมี"), (("Saelim",), "แซ่ลิ้ม"),
    (("Kaewkla", "Kaeokla"), "แก้วกล้า"), (("Rattanakul", "Ratanakul"), "รัตนกุล"), (("Chaiyaporn",), "ชัยพร"),
]  # fmt: skip
KHMER_PARTS: list[Part] = [
    (("Sok",), "សុខ"), (("Chan",), "ចាន់"), (("Sopheap",), "សុភាព"), (("Dara",), "ដារា"), (("Vanna",), "វណ្ណា"),
    (("Sina",), "ស៊ីណា"), (("Kim",), "គីម"), (("Heng",), "ហេង"), (("Meas",), "មាស"), (("Chea",), "ជា"),
    (("Ly", "Lee"), "លី"), (("Sophal",), "សុផល"), (("Rathana", "Ratana"), "រតនា"), (("Sreymom",), "ស្រីមុំ"),
]  # fmt: skip
RUSSIAN_GIVEN: list[Part] = [
    (("Ivan",), "Иван"), (("Sergei", "Sergey"), "Сергей"), (("Alexei", "Aleksey", "Alexey"), "Алексей"),
    (("Dmitri", "Dmitry", "Dmitriy"), "Дмитрий"), (("Nikolai", "Nikolay"), "Николай"), (("Yuri", "Yury", "Iurii"), "Юрий"),
    (("Olga",), "Ольга"), (("Natalia", "Natalya"), "Наталья"), (("Andrei", "Andrey"), "Андрей"), (("Elena", "Yelena"), "Елена"),
]  # fmt: skip
RUSSIAN_FAMILY: list[Part] = [
    (("Ivanov",), "Иванов"), (("Petrov",), "Петров"), (("Smirnov",), "Смирнов"), (("Kuznetsov", "Kuznetzov"), "Кузнецов"),
    (("Popov",), "Попов"), (("Volkov",), "Волков"), (("Sokolov",), "Соколов"), (("Fedorov", "Fyodorov"), "Фёдоров"),
    (("Morozov",), "Морозов"), (("Lebedev",), "Лебедев"),
]  # fmt: skip
SOUTH_ASIAN_GIVEN: list[Part] = [
    (("Rahul",), "राहुल"), (("Amit",), "अमित"), (("Sunil",), "सुनील"), (("Rajesh",), "राजेश"), (("Priya",), "प्रिया"),
    (("Anand",), "आनंद"), (("Vijay",), "विजय"), (("Sanjay",), "संजय"), (("Deepak", "Dipak"), "दीपक"), (("Pooja", "Puja"), "पूजा"),
]  # fmt: skip
SOUTH_ASIAN_FAMILY: list[Part] = [
    (("Sharma",), "शर्मा"), (("Singh",), "सिंह"), (("Kumar",), "कुमार"), (("Patel",), "पटेल"), (("Gupta",), "गुप्ता"),
    (("Verma",), "वर्मा"), (("Yadav",), "यादव"), (("Mishra", "Misra"), "मिश्रा"),
]  # fmt: skip
BENGALI_PARTS: list[Part] = [
    (("Rahman",), "রহমান"), (("Hossain", "Hussain", "Hosen"), "হোসেন"), (("Akter", "Akhter", "Akhtar"), "আক্তার"),
    (("Islam",), "ইসলাম"), (("Begum",), "বেগম"), (("Karim",), "করিম"), (("Alam",), "আলম"), (("Uddin",), "উদ্দিন"),
    (("Mohammad", "Md", "Mohammed"), "মোহাম্মদ"), (("Abdul",), "আব্দুল"), (("Nasrin", "Nasreen"), "নাসরিন"),
    (("Sultana",), "সুলতানা"), (("Mia", "Miah"), "মিয়া"), (("Hasan", "Hassan"), "হাসান"),
]  # fmt: skip
TAMIL_PARTS: list[Part] = [
    (("Murugan",), "முருகன்"), (("Selvam", "Chelvam"), "செல்வம்"), (("Kumar",), "குமார்"), (("Ravi",), "ரவி"),
    (("Sivakumar",), "சிவகுமார்"), (("Rajan",), "ராஜன்"), (("Kannan",), "கண்ணன்"), (("Mohan",), "மோகன்"),
    (("Vasanth", "Vasant"), "வசந்த்"), (("Pandian", "Pandiyan"), "பாண்டியன்"), (("Raja",), "ராஜா"),
]  # fmt: skip
SINHALA_PARTS: list[Part] = [
    (("Perera",), "පෙරේරා"), (("Silva",), "සිල්වා"), (("Bandara",), "බණ්ඩාර"), (("Kumara",), "කුමාර"),
    (("Nimal",), "නිමල්"), (("Sunil",), "සුනිල්"), (("Jayasuriya", "Jayasooriya"), "ජයසූරිය"),
    (("Wickramasinghe", "Wickremesinghe"), "වික්‍රමසිංහ"), (("Dissanayake",), "දිසානායක"), (("Ranjith",), "රංජිත්"),
]  # fmt: skip
MALAY_GIVEN: list[Part] = [
    (("Ahmad",), None), (("Siti",), None), (("Nur", "Noor"), None), (("Muhammad", "Mohd", "Mohamad"), None),
    (("Ismail",), None), (("Aziz",), None), (("Hafiz",), None), (("Farah",), None), (("Zulkifli",), None),
    (("Azman",), None), (("Rosli",), None), (("Faizal", "Faisal"), None), (("Nurul",), None), (("Hakim",), None),
]  # fmt: skip
INDONESIAN_SINGLE: list[Part] = [
    (("Sutrisno",), None), (("Wahyudi",), None), (("Budi",), None), (("Agus",), None), (("Dewi",), None),
    (("Suharto",), None), (("Slamet",), None), (("Joko",), None), (("Hartono",), None), (("Setiawan",), None),
    (("Kurniawan",), None), (("Susanto",), None), (("Rahayu",), None), (("Lestari",), None), (("Gunawan",), None),
]  # fmt: skip
