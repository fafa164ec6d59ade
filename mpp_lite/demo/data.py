"""Demo data for the fictional Mal Pelayanan Publik Kabupaten Sukamaju (tenants, queues, counters, services, staff)."""

from __future__ import annotations

SITE = {
    "mpp_name": "Mal Pelayanan Publik Kabupaten Sukamaju",
    "regency": "Kabupaten Sukamaju",
    "province": "Jawa Barat",
    "address": "Jl. Veteran No. 12, Kecamatan Sukamaju, Kabupaten Sukamaju, Jawa Barat 45199",
    "phone": "(0299) 555 3299",
    "email": "mpp@sukamajukab.go.id",
    "opening_hours": "Senin-Kamis 08.00-15.00, Jumat 08.00-11.00 dan 13.00-15.00",
    "site_code": "3299",
}

# ---------------------------------------------------------------------------
# Tenants (instansi penyelenggara layanan yang bergabung di MPP)
# Colours are dark enough for white text (contrast >= 4.5:1, WCAG AA).
# ---------------------------------------------------------------------------

TENANTS = [
    {
        "code": "DUKCAPIL",
        "name": "Dinas Kependudukan dan Pencatatan Sipil",
        "short_name": "Disdukcapil",
        "colour": "#1565c0",
        "contact": "Loket 1-4 MPP Sukamaju; telepon (0299) 555 0101; email disdukcapil@sukamajukab.go.id",
        "description": (
            "Melayani pendaftaran penduduk dan pencatatan sipil, antara lain KTP-el, Kartu Keluarga, KIA, "
            "akta-akta pencatatan sipil, surat pindah, dan aktivasi Identitas Kependudukan Digital."
        ),
    },
    {
        "code": "POLRES",
        "name": "Kepolisian Resor Sukamaju",
        "short_name": "Polres Sukamaju",
        "colour": "#37474f",
        "contact": (
            "Loket 5-7 MPP Sukamaju; Satuan Intelkam Polres Sukamaju, telepon (0299) 555 0202; layanan darurat 110"
        ),
        "description": (
            "Gerai Satuan Intelkam dan SPKT Polres Sukamaju untuk penerbitan dan perpanjangan SKCK serta surat "
            "keterangan tanda lapor kehilangan."
        ),
    },
    {
        "code": "IMIGRASI",
        "name": "Kantor Imigrasi Kelas II Non TPI Sukamaju - Unit Layanan Paspor MPP",
        "short_name": "Imigrasi Sukamaju",
        "colour": "#5d4037",
        "contact": "Loket 8-10 MPP Sukamaju; WhatsApp 0811 2299 0303; email kanim.sukamaju@imigrasi.go.id",
        "description": (
            "Unit Layanan Paspor (ULP) Kantor Imigrasi Sukamaju yang melayani permohonan paspor baru, "
            "penggantian paspor, dan paspor elektronik berdasarkan jadwal dari aplikasi M-Paspor."
        ),
    },
    {
        "code": "BPJSKES",
        "name": "BPJS Kesehatan Kantor Kabupaten Sukamaju",
        "short_name": "BPJS Kesehatan",
        "colour": "#2e7d32",
        "contact": "Loket 11-12 MPP Sukamaju; BPJS Kesehatan Care Center 165; PANDAWA (WhatsApp) 0811 8165 165",
        "description": (
            "Melayani administrasi kepesertaan Program Jaminan Kesehatan Nasional (JKN), meliputi pendaftaran, "
            "penambahan anggota keluarga, perubahan data, serta informasi tagihan iuran."
        ),
    },
    {
        "code": "SAMSAT",
        "name": "Samsat Kabupaten Sukamaju (Bapenda Provinsi Jawa Barat, Ditlantas Polda Jawa Barat, PT Jasa Raharja)",
        "short_name": "Samsat",
        "colour": "#c62828",
        "contact": (
            "Loket 13-14 MPP Sukamaju; Pusat Pengelolaan Pendapatan Daerah Wilayah Kabupaten Sukamaju, telepon "
            "(0299) 555 0505"
        ),
        "description": (
            "Gerai Samsat untuk pembayaran Pajak Kendaraan Bermotor (PKB) dan SWDKLLJ, pengesahan STNK tahunan, "
            "serta perpanjangan STNK lima tahunan."
        ),
    },
    {
        "code": "KPP",
        "name": "Kantor Pelayanan Pajak Pratama Sukamaju",
        "short_name": "KPP Pratama",
        "colour": "#283593",
        "contact": "Loket 15-16 MPP Sukamaju; Kring Pajak 1500200; email kpp.sukamaju@pajak.go.id",
        "description": (
            "Tempat Pelayanan Terpadu KPP Pratama Sukamaju untuk pendaftaran NPWP, aktivasi akun Coretax DJP, "
            "asistensi pelaporan SPT Tahunan, dan permohonan Surat Keterangan Fiskal."
        ),
    },
    {
        "code": "KEMENAG",
        "name": "Kantor Kementerian Agama Kabupaten Sukamaju",
        "short_name": "Kemenag",
        "colour": "#6a1b9a",
        "contact": "Loket 17 MPP Sukamaju; Pelayanan Terpadu Satu Pintu Kankemenag, WhatsApp 0811 2299 0707",
        "description": (
            "Gerai Kankemenag Kabupaten Sukamaju yang menerima pendaftaran kehendak nikah untuk diteruskan ke "
            "KUA Kecamatan, penerbitan duplikat buku nikah, dan legalisasi buku nikah."
        ),
    },
    {
        "code": "PDAM",
        "name": "Perumda Air Minum Tirta Sukamaju",
        "short_name": "PDAM Tirta Sukamaju",
        "colour": "#00727e",
        "contact": "Loket 18 MPP Sukamaju; call center (0299) 555 0808; WhatsApp 0811 2299 0808",
        "description": (
            "Melayani pembayaran rekening air, permohonan sambungan baru, serta pengaduan gangguan dan koreksi "
            "tagihan pelanggan air minum."
        ),
    },
    {
        "code": "BANK",
        "name": "PT Bank Sukamaju Jaya (Perseroda)",
        "short_name": "Bank Sukamaju Jaya",
        "colour": "#b45309",
        "contact": "Loket 19-20 MPP Sukamaju; call center 1500 3299; email layanan@banksukamajujaya.co.id",
        "description": (
            "Bank milik Pemerintah Kabupaten Sukamaju yang melayani pembukaan rekening tabungan serta pembayaran "
            "pajak daerah dan retribusi daerah di MPP."
        ),
    },
    {
        "code": "DPMPTSP",
        "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "short_name": "DPMPTSP",
        "colour": "#ad1457",
        "contact": "Loket 21-22 MPP Sukamaju; telepon (0299) 555 1010; email dpmptsp@sukamajukab.go.id",
        "description": (
            "Melayani perizinan berusaha berbasis risiko melalui OSS, Persetujuan Bangunan Gedung, izin praktik "
            "tenaga kesehatan, dan pendampingan Laporan Kegiatan Penanaman Modal."
        ),
    },
]

# ---------------------------------------------------------------------------
# Queues: one letter prefix per tenant; service_minutes = average minutes per citizen
# ---------------------------------------------------------------------------

QUEUES = [
    {"prefix": "A", "name": "Dukcapil", "tenant": "DUKCAPIL", "service_minutes": 10},
    {"prefix": "B", "name": "SKCK", "tenant": "POLRES", "service_minutes": 12},
    {"prefix": "C", "name": "Paspor", "tenant": "IMIGRASI", "service_minutes": 15},
    {"prefix": "D", "name": "BPJS Kesehatan", "tenant": "BPJSKES", "service_minutes": 8},
    {"prefix": "E", "name": "Samsat", "tenant": "SAMSAT", "service_minutes": 7},
    {"prefix": "F", "name": "Perpajakan", "tenant": "KPP", "service_minutes": 12},
    {"prefix": "G", "name": "Kemenag", "tenant": "KEMENAG", "service_minutes": 15},
    {"prefix": "H", "name": "PDAM", "tenant": "PDAM", "service_minutes": 5},
    {"prefix": "I", "name": "Bank", "tenant": "BANK", "service_minutes": 10},
    {"prefix": "J", "name": "Perizinan", "tenant": "DPMPTSP", "service_minutes": 20},
]

# ---------------------------------------------------------------------------
# Counters (loket), numbered consecutively across the hall
# ---------------------------------------------------------------------------

COUNTERS = [
    {"number": 1, "name": "Loket 1 Dukcapil", "tenant": "DUKCAPIL", "queues": ["A"]},
    {"number": 2, "name": "Loket 2 Dukcapil", "tenant": "DUKCAPIL", "queues": ["A"]},
    {"number": 3, "name": "Loket 3 Dukcapil", "tenant": "DUKCAPIL", "queues": ["A"]},
    {"number": 4, "name": "Loket 4 Dukcapil", "tenant": "DUKCAPIL", "queues": ["A"]},
    {"number": 5, "name": "Loket 5 SKCK Polres", "tenant": "POLRES", "queues": ["B"]},
    {"number": 6, "name": "Loket 6 SKCK Polres", "tenant": "POLRES", "queues": ["B"]},
    {"number": 7, "name": "Loket 7 SKCK Polres", "tenant": "POLRES", "queues": ["B"]},
    {"number": 8, "name": "Loket 8 Paspor Imigrasi", "tenant": "IMIGRASI", "queues": ["C"]},
    {"number": 9, "name": "Loket 9 Paspor Imigrasi", "tenant": "IMIGRASI", "queues": ["C"]},
    {"number": 10, "name": "Loket 10 Paspor Imigrasi", "tenant": "IMIGRASI", "queues": ["C"]},
    {"number": 11, "name": "Loket 11 BPJS Kesehatan", "tenant": "BPJSKES", "queues": ["D"]},
    {"number": 12, "name": "Loket 12 BPJS Kesehatan", "tenant": "BPJSKES", "queues": ["D"]},
    {"number": 13, "name": "Loket 13 Samsat", "tenant": "SAMSAT", "queues": ["E"]},
    {"number": 14, "name": "Loket 14 Samsat", "tenant": "SAMSAT", "queues": ["E"]},
    {"number": 15, "name": "Loket 15 KPP Pratama", "tenant": "KPP", "queues": ["F"]},
    {"number": 16, "name": "Loket 16 KPP Pratama", "tenant": "KPP", "queues": ["F"]},
    {"number": 17, "name": "Loket 17 Kemenag", "tenant": "KEMENAG", "queues": ["G"]},
    {"number": 18, "name": "Loket 18 PDAM", "tenant": "PDAM", "queues": ["H"]},
    {"number": 19, "name": "Loket 19 Bank Sukamaju Jaya", "tenant": "BANK", "queues": ["I"]},
    {"number": 20, "name": "Loket 20 Bank Sukamaju Jaya", "tenant": "BANK", "queues": ["I"]},
    {"number": 21, "name": "Loket 21 Perizinan DPMPTSP", "tenant": "DPMPTSP", "queues": ["J"]},
    {"number": 22, "name": "Loket 22 Perizinan DPMPTSP", "tenant": "DPMPTSP", "queues": ["J"]},
]

# ---------------------------------------------------------------------------
# Shared phrasing per tenant for Standar Pelayanan components 6 and 10-14
# (PermenPANRB Nomor 15 Tahun 2014). Services may override where needed.
# ---------------------------------------------------------------------------

_MPP_COMPLAINT = (
    "Meja Pengaduan MPP Sukamaju (lantai 1), kotak saran di setiap gerai, SP4N-LAPOR! (www.lapor.go.id), "
    "WhatsApp Pengaduan MPP 0811 2299 3299, email pengaduan.mpp@sukamajukab.go.id"
)

_UU_PELAYANAN_PUBLIK = "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
_PERPRES_MPP = "Peraturan Presiden Nomor 89 Tahun 2021 tentang Penyelenggaraan Mal Pelayanan Publik"

_DKC = {
    "complaint": _MPP_COMPLAINT + ", layanan pengaduan Disdukcapil (WhatsApp 0811 2299 0101)",
    "supervision": (
        "Pengawasan melekat oleh Kepala Bidang Pelayanan Pendaftaran Penduduk dan Kepala Bidang Pelayanan "
        "Pencatatan Sipil; pemeriksaan berkala oleh Inspektorat Kabupaten Sukamaju; pemantauan akses data oleh "
        "Direktorat Jenderal Kependudukan dan Pencatatan Sipil Kementerian Dalam Negeri."
    ),
    "guarantee": (
        "Disdukcapil menjamin dokumen kependudukan diterbitkan sesuai jangka waktu dalam standar pelayanan ini "
        "tanpa dipungut biaya; petugas yang meminta atau menerima imbalan dikenai sanksi sesuai ketentuan, dan "
        "pelaporan dapat disampaikan melalui kanal pengaduan."
    ),
    "security": (
        "Data pribadi penduduk dilindungi sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data "
        "Pribadi; akses SIAK Terpusat hanya melalui akun petugas yang terotorisasi; blangko KTP-el dan KIA "
        "disimpan di ruang terkunci dengan register pemakaian; area pelayanan dipantau CCTV dan dilengkapi APAR "
        "serta jalur evakuasi."
    ),
    "evaluation": (
        "Evaluasi kinerja pelaksana dilakukan setiap bulan oleh kepala bidang terkait berdasarkan capaian jumlah "
        "dokumen terbit dan ketepatan waktu, serta Survei Kepuasan Masyarakat (SKM) setiap semester sesuai "
        "Peraturan Menteri PANRB Nomor 14 Tahun 2017."
    ),
}

_POL = {
    "complaint": _MPP_COMPLAINT
    + ", Call Center Polri 110, Dumas Presisi (dumaspresisi.polri.go.id), Seksi Propam Polres Sukamaju",
    "supervision": (
        "Pengawasan oleh Kasat Intelkam dan Kepala SPKT Polres Sukamaju; pengawasan fungsional oleh Seksi "
        "Pengawasan (Siwas) dan Seksi Propam Polres Sukamaju."
    ),
    "guarantee": (
        "Polres Sukamaju menjamin pelayanan diberikan sesuai standar pelayanan, dengan biaya resmi yang "
        "disetorkan langsung sebagai PNBP ke kas negara dan dibuktikan dengan kuitansi resmi; tidak ada pungutan "
        "di luar tarif resmi."
    ),
    "security": (
        "Data catatan kepolisian dan sidik jari pemohon dijaga kerahasiaannya dan hanya diakses petugas Intelkam "
        "yang berwenang; area gerai dipantau CCTV dan dijaga personel Polri selama jam layanan; tersedia APAR "
        "dan jalur evakuasi."
    ),
    "evaluation": (
        "Evaluasi kinerja dilakukan setiap bulan oleh Kasat Intelkam dan Kepala SPKT berdasarkan jumlah layanan, "
        "waktu tunggu, dan pengaduan yang masuk; Survei Kepuasan Masyarakat dilakukan setiap semester dan "
        "hasilnya dipublikasikan di MPP."
    ),
}

_IMI = {
    "complaint": _MPP_COMPLAINT
    + ", WhatsApp Pengaduan Kantor Imigrasi Sukamaju 0811 2299 0303, media sosial resmi Direktorat Jenderal Imigrasi",
    "supervision": (
        "Pengawasan oleh Kepala Seksi Lalu Lintas dan Izin Tinggal Keimigrasian serta Kepala Kantor Imigrasi "
        "Sukamaju; pengawasan fungsional oleh Inspektorat Jenderal Kementerian Imigrasi dan Pemasyarakatan."
    ),
    "guarantee": (
        "Kantor Imigrasi Sukamaju menjamin paspor diterbitkan sesuai jangka waktu standar setelah pembayaran "
        "PNBP terkonfirmasi; pembayaran hanya melalui kode billing SIMPONI ke kas negara, tanpa perantara atau "
        "calo."
    ),
    "security": (
        "Data biometrik (foto wajah dan sidik jari) dikirim terenkripsi ke Sistem Informasi Manajemen "
        "Keimigrasian (SIMKIM); blangko paspor disimpan dan dicatat di Kantor Imigrasi, bukan di gerai; area "
        "layanan dipantau CCTV serta dilengkapi APAR dan jalur evakuasi."
    ),
    "evaluation": (
        "Evaluasi kinerja harian oleh koordinator Unit Layanan Paspor terhadap jumlah permohonan dan ketepatan "
        "jadwal, evaluasi bulanan oleh Kepala Kantor, serta Survei Kepuasan Masyarakat dan Indeks Persepsi Anti "
        "Korupsi secara berkala."
    ),
}

_BPJS = {
    "complaint": _MPP_COMPLAINT
    + ", BPJS Kesehatan Care Center 165, PANDAWA (WhatsApp 0811 8165 165), aplikasi Mobile JKN",
    "supervision": (
        "Pengawasan oleh Kepala Bagian Kepesertaan dan Pelayanan Peserta BPJS Kesehatan Kantor Kabupaten "
        "Sukamaju; pengawasan oleh Satuan Pengawas Internal BPJS Kesehatan."
    ),
    "guarantee": (
        "BPJS Kesehatan menjamin layanan administrasi kepesertaan tidak dipungut biaya dan diselesaikan pada "
        "hari yang sama apabila persyaratan lengkap; iuran hanya dibayarkan melalui kanal pembayaran resmi, "
        "tidak kepada petugas."
    ),
    "security": (
        "Data peserta dikelola sesuai ketentuan pelindungan data pribadi dan hanya diakses melalui aplikasi "
        "internal dengan otorisasi petugas; area layanan dipantau CCTV dan dilengkapi APAR serta jalur evakuasi."
    ),
    "evaluation": (
        "Evaluasi kinerja harian berdasarkan laporan waktu tunggu dan jumlah transaksi, evaluasi bulanan oleh "
        "Kepala Bagian Kepesertaan dan Pelayanan Peserta, serta survei kepuasan peserta secara berkala."
    ),
}

_SAMSAT = {
    "complaint": _MPP_COMPLAINT
    + ", aplikasi Sambara (Samsat Mobile Jawa Barat), WhatsApp Samsat Sukamaju 0811 2299 0505, Call Center Polri 110",
    "supervision": (
        "Pengawasan oleh Kepala Pusat Pengelolaan Pendapatan Daerah Wilayah Kabupaten Sukamaju, Kepala Unit "
        "Registrasi dan Identifikasi Satlantas Polres Sukamaju, dan Kepala Perwakilan PT Jasa Raharja; "
        "pemeriksaan oleh Inspektorat Provinsi Jawa Barat."
    ),
    "guarantee": (
        "Samsat menjamin besaran pembayaran sesuai yang tercantum pada notice/SKPD, seluruh penerimaan disetor "
        "ke kas daerah, kas negara, dan PT Jasa Raharja, serta tidak ada pungutan lain di luar ketentuan."
    ),
    "security": (
        "Dokumen kendaraan pemohon tidak dibawa keluar area gerai; data kendaraan diakses melalui sistem Samsat "
        "yang terintegrasi; uang tunai diterima kasir bank persepsi; area gerai dipantau CCTV dan dijaga petugas "
        "keamanan."
    ),
    "evaluation": (
        "Rekonsiliasi penerimaan dan evaluasi harian oleh koordinator gerai, evaluasi bulanan oleh Tim Pembina "
        "Samsat Provinsi Jawa Barat, serta Survei Kepuasan Masyarakat setiap semester."
    ),
}

_KPP = {
    "complaint": _MPP_COMPLAINT
    + (
        ", Kring Pajak 1500200, www.pengaduan.pajak.go.id, Whistleblowing System Kementerian Keuangan "
        "(wise.kemenkeu.go.id)"
    ),
    "supervision": (
        "Pengawasan oleh Kepala Seksi Pelayanan dan Kepala KPP Pratama Sukamaju; pengawasan fungsional oleh "
        "Kepatuhan Internal Kanwil DJP dan Inspektorat Jenderal Kementerian Keuangan."
    ),
    "guarantee": (
        "KPP Pratama Sukamaju menjamin seluruh layanan perpajakan di MPP tidak dipungut biaya dan diselesaikan "
        "sesuai jangka waktu standar; petugas dilarang menerima gratifikasi dalam bentuk apa pun."
    ),
    "security": (
        "Kerahasiaan data wajib pajak dijamin berdasarkan Pasal 34 Undang-Undang Ketentuan Umum dan Tata Cara "
        "Perpajakan; petugas tidak diperkenankan mencatat kata sandi wajib pajak; area layanan dipantau CCTV dan "
        "dilengkapi APAR."
    ),
    "evaluation": (
        "Evaluasi kinerja bulanan oleh Kepala Seksi Pelayanan berdasarkan jumlah layanan dan ketepatan waktu, "
        "penilaian kinerja pegawai sesuai Sasaran Kinerja Pegawai, serta Survei Kepuasan Layanan secara berkala."
    ),
}

_KMG = {
    "complaint": _MPP_COMPLAINT
    + ", WhatsApp Pelayanan Terpadu Satu Pintu Kankemenag Sukamaju 0811 2299 0707, www.lapor.go.id",
    "supervision": (
        "Pengawasan oleh Kepala Seksi Bimbingan Masyarakat Islam dan Kepala Kantor Kementerian Agama Kabupaten "
        "Sukamaju; pengawasan fungsional oleh Inspektorat Jenderal Kementerian Agama."
    ),
    "guarantee": (
        "Kankemenag menjamin layanan diberikan sesuai standar pelayanan dan tarif PNBP resmi; biaya nikah di "
        "luar KUA hanya disetor melalui bank persepsi ke kas negara, tidak melalui petugas."
    ),
    "security": (
        "Dokumen catin dan data pernikahan dikelola melalui SIMKAH dan hanya diakses oleh petugas berwenang; "
        "berkas asli dikembalikan kepada pemohon setelah diverifikasi; area gerai dipantau CCTV."
    ),
    "evaluation": (
        "Evaluasi kinerja bulanan oleh Kepala Seksi Bimas Islam terhadap jumlah dan ketepatan waktu layanan, "
        "serta Survei Kepuasan Masyarakat setiap semester."
    ),
}

_PDAM = {
    "complaint": _MPP_COMPLAINT + ", Call Center PDAM Tirta Sukamaju (0299) 555 0808, WhatsApp 0811 2299 0808",
    "supervision": (
        "Pengawasan oleh Kepala Bagian Hubungan Langganan dan Direktur Umum Perumda Air Minum Tirta Sukamaju; "
        "pengawasan oleh Dewan Pengawas dan Satuan Pengawas Intern Perumda."
    ),
    "guarantee": (
        "Perumda Air Minum Tirta Sukamaju menjamin pembayaran tercatat secara daring saat itu juga dan "
        "dibuktikan dengan struk resmi, serta biaya layanan sesuai tarif yang ditetapkan; tidak ada pungutan di "
        "luar tarif resmi."
    ),
    "security": (
        "Transaksi pembayaran tercatat pada sistem billing terpusat; uang tunai disetor ke bank setiap hari; "
        "data pelanggan hanya diakses petugas berwenang; area loket dipantau CCTV."
    ),
    "evaluation": (
        "Evaluasi harian atas rekonsiliasi penerimaan, evaluasi bulanan oleh Kepala Bagian Hubungan Langganan "
        "terhadap jumlah layanan dan penyelesaian pengaduan, serta survei kepuasan pelanggan setiap tahun."
    ),
}

_BANK = {
    "complaint": _MPP_COMPLAINT
    + ", call center Bank Sukamaju Jaya 1500 3299, email pengaduan@banksukamajujaya.co.id, Kontak OJK 157",
    "supervision": (
        "Pengawasan oleh Pemimpin Kantor Cabang Utama dan Satuan Kerja Audit Intern Bank Sukamaju Jaya; "
        "pengawasan eksternal oleh Otoritas Jasa Keuangan."
    ),
    "guarantee": (
        "Bank Sukamaju Jaya menjamin setiap transaksi dibukukan secara real time dan dibuktikan dengan bukti "
        "transaksi resmi; pengaduan nasabah ditanggapi sesuai ketentuan pelindungan konsumen OJK."
    ),
    "security": (
        "Data nasabah dijaga kerahasiaannya sesuai ketentuan rahasia bank; transaksi tunai dilakukan di teller "
        "dengan brankas dan CCTV; simpanan dijamin Lembaga Penjamin Simpanan sesuai ketentuan."
    ),
    "evaluation": (
        "Evaluasi kinerja harian oleh kepala gerai berdasarkan jumlah transaksi dan waktu layanan, penilaian "
        "mutu layanan (service quality) bulanan oleh kantor pusat, serta survei kepuasan nasabah."
    ),
}

_DPM = {
    "complaint": _MPP_COMPLAINT + ", WhatsApp Layanan Perizinan DPMPTSP 0811 2299 1010, fitur helpdesk OSS (oss.go.id)",
    "supervision": (
        "Pengawasan oleh Kepala Bidang Pelayanan Perizinan dan Kepala DPMPTSP Kabupaten Sukamaju; pemeriksaan "
        "berkala oleh Inspektorat Kabupaten Sukamaju."
    ),
    "guarantee": (
        "DPMPTSP menjamin permohonan diproses sesuai jangka waktu standar setelah persyaratan lengkap dan benar; "
        "layanan perizinan tidak dipungut biaya, kecuali retribusi yang ditetapkan peraturan daerah dan dibayar "
        "melalui kode billing bank."
    ),
    "security": (
        "Dokumen permohonan disimpan secara elektronik pada OSS/SIMBG dan arsip DPMPTSP; akses dibatasi pada "
        "petugas berwenang; area layanan dipantau CCTV dan dilengkapi APAR serta jalur evakuasi."
    ),
    "evaluation": (
        "Evaluasi kinerja bulanan oleh Kepala Bidang Pelayanan Perizinan terhadap ketepatan waktu penerbitan "
        "izin, evaluasi triwulanan bersama perangkat daerah teknis, serta Survei Kepuasan Masyarakat setiap "
        "semester."
    ),
}

# ---------------------------------------------------------------------------
# Services with the 14 Standar Pelayanan components
# ---------------------------------------------------------------------------

SERVICES = [
    # ------------------------------------------------------------------ DUKCAPIL
    {
        "code": "DKC-01",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan KTP-el Baru",
        "keywords": "ktp ektp e-ktp ktp-el kartu tanda penduduk elektronik rekam perekaman pemula 17 tahun",
        "summary": (
            "Perekaman data biometrik dan pencetakan KTP-el bagi penduduk yang telah berusia 17 tahun, sudah "
            "kawin, atau pernah kawin."
        ),
        "requirements": [
            "Telah berusia 17 tahun, sudah kawin, atau pernah kawin",
            "Kartu Keluarga (KK) asli atau menyebutkan NIK",
            "Surat Keterangan Pindah Luar Negeri bagi penduduk yang datang dari luar negeri",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Dukcapil (huruf A) di anjungan antrean MPP.",
            "Petugas memverifikasi NIK dan data KK pemohon pada SIAK Terpusat.",
            "Pemohon melakukan perekaman biometrik: foto wajah, sidik jari, iris mata, dan tanda tangan.",
            (
                "Data perekaman dikirim ke server Ditjen Dukcapil untuk proses deduplikasi hingga berstatus siap "
                "cetak (Print Ready Record)."
            ),
            "Petugas mencetak dan memeriksa mutu KTP-el, kemudian mencatatnya pada buku register.",
            "Pemohon menerima KTP-el dengan menunjukkan tanda terima dan menandatangani buku ekspedisi.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013.",
        "product": "KTP-el",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 26 Tahun 2009 tentang Penerapan Kartu Tanda Penduduk Berbasis Nomor "
                "Induk Kependudukan secara Nasional sebagaimana telah beberapa kali diubah, terakhir dengan "
                "Peraturan Presiden Nomor 112 Tahun 2013"
            ),
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
            _PERPRES_MPP,
        ],
        "facilities": (
            "Ruang tunggu ber-AC dengan kursi prioritas, anjungan antrean, 4 set alat perekaman KTP-el (kamera, "
            "pemindai sidik jari, pemindai iris, pad tanda tangan), printer kartu KTP-el, jaringan VPN ke SIAK "
            "Terpusat, toilet, ruang laktasi, dan akses kursi roda."
        ),
        "competency": (
            "Pendidikan minimal SMA/sederajat; telah mengikuti bimbingan teknis perekaman dan pencetakan KTP-el "
            "dari Ditjen Dukcapil; mampu mengoperasikan SIAK dan perangkat biometrik; memahami ketentuan Perpres "
            "96/2018."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "4 orang (2 operator perekaman, 1 operator cetak, 1 petugas verifikasi)",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-02",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penggantian KTP-el Rusak, Hilang, atau Perubahan Data",
        "keywords": "ktp ektp e-ktp ktp-el ganti ktp hilang rusak perubahan data cetak ulang status alamat",
        "summary": (
            "Pencetakan ulang KTP-el karena kartu rusak atau hilang, maupun karena perubahan elemen data seperti "
            "status perkawinan, pekerjaan, atau alamat."
        ),
        "requirements": [
            "Kartu Keluarga (KK) asli atau menyebutkan NIK",
            "KTP-el yang rusak (untuk alasan rusak)",
            "Surat keterangan kehilangan dari kepolisian (untuk alasan hilang)",
            (
                "Dokumen pendukung perubahan data, misalnya buku nikah/kutipan akta perkawinan, akta perceraian, "
                "atau ijazah (untuk perubahan data)"
            ),
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Dukcapil (huruf A).",
            "Petugas memeriksa berkas dan memastikan data pada KK telah sesuai dengan perubahan yang dimohonkan.",
            "Apabila data KK belum diperbarui, petugas memproses perubahan KK terlebih dahulu.",
            "Petugas melakukan pemutakhiran data dan, bila diperlukan, perekaman ulang foto dan tanda tangan.",
            "KTP-el dicetak, KTP-el lama yang rusak ditarik dan dimusnahkan sesuai ketentuan.",
            "Pemohon menerima KTP-el baru dengan menunjukkan tanda terima.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013.",
        "product": "KTP-el pengganti",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 109 Tahun 2019 tentang Formulir dan Buku yang Digunakan "
                "dalam Administrasi Kependudukan"
            ),
        ],
        "facilities": (
            "Loket verifikasi berkas, alat perekaman ulang foto dan tanda tangan, printer kartu KTP-el, mesin "
            "penghancur kartu untuk KTP-el rusak yang ditarik, ruang tunggu, dan akses kursi roda."
        ),
        "competency": (
            "Pendidikan minimal SMA/sederajat; menguasai SIAK untuk pemutakhiran biodata; memahami persyaratan "
            "penggantian KTP-el menurut Perpres 96/2018; terampil memberikan penjelasan kepada pemohon."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "3 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-03",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan Kartu Keluarga (Baru dan Perubahan)",
        "keywords": "kk kartu keluarga kk baru perubahan kk tambah anggota pisah kk numpang kk",
        "summary": (
            "Penerbitan KK baru karena membentuk keluarga baru atau pisah KK, serta perubahan KK karena "
            "penambahan atau pengurangan anggota keluarga dan perubahan data."
        ),
        "requirements": [
            "Formulir Biodata Keluarga (F-1.01) yang telah diisi dan ditandatangani",
            (
                "Buku nikah/kutipan akta perkawinan atau kutipan akta perceraian; atau SPTJM "
                "perkawinan/perceraian belum tercatat"
            ),
            "KK lama (untuk perubahan atau pisah KK)",
            "Surat Keterangan Pindah (SKPWNI) bagi penduduk yang pindah datang",
            (
                "Dokumen peristiwa penting pendukung (akta kelahiran, akta kematian) bila ada penambahan atau "
                "pengurangan anggota keluarga"
            ),
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Dukcapil (huruf A) dan mengisi formulir F-1.01 dibantu petugas informasi.",
            "Petugas loket memverifikasi kelengkapan dan keabsahan dokumen.",
            "Operator SIAK memasukkan atau memutakhirkan data keluarga pada database kependudukan.",
            "KK dicetak dan ditandatangani secara elektronik (TTE) oleh Kepala Disdukcapil.",
            "Pemohon menerima KK dalam bentuk cetak kertas HVS atau berkas PDF melalui email/WhatsApp.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013.",
        "product": "Kartu Keluarga (KK) bertanda tangan elektronik",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 109 Tahun 2019 tentang Formulir dan Buku yang Digunakan "
                "dalam Administrasi Kependudukan"
            ),
        ],
        "facilities": (
            "Meja informasi dan contoh pengisian formulir F-1.01, komputer SIAK, printer, sertifikat elektronik "
            "untuk TTE, ruang tunggu, pojok bermain anak, dan akses kursi roda."
        ),
        "competency": (
            "Pendidikan minimal SMA/sederajat; memahami jenis perubahan KK dan persyaratannya menurut Perpres "
            "96/2018; mampu mengoperasikan SIAK dan aplikasi tanda tangan elektronik."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "3 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-04",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan Akta Kelahiran",
        "keywords": "akta kelahiran akte lahir kelahiran bayi anak catatan sipil capil",
        "summary": (
            "Pencatatan kelahiran dan penerbitan kutipan akta kelahiran bagi WNI yang lahir di Kabupaten "
            "Sukamaju atau berdomisili di Kabupaten Sukamaju."
        ),
        "requirements": [
            (
                "Surat keterangan kelahiran dari rumah sakit, puskesmas, klinik, bidan, atau kepala desa/lurah; "
                "atau SPTJM kebenaran data kelahiran dengan 2 orang saksi"
            ),
            "Buku nikah/kutipan akta perkawinan orang tua; atau SPTJM kebenaran sebagai pasangan suami istri",
            "Kartu Keluarga (KK) tempat anak akan didaftarkan",
            "Formulir Pelaporan Pencatatan Sipil (F-2.01)",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Dukcapil (huruf A) dan menyerahkan berkas di loket.",
            "Petugas memverifikasi dan memvalidasi data kelahiran serta data orang tua.",
            "Data anak ditambahkan pada KK dan akta kelahiran diproses pada SIAK.",
            "Pejabat Pencatatan Sipil menandatangani kutipan akta kelahiran secara elektronik.",
            "Pemohon menerima kutipan akta kelahiran dan KK terbaru, dalam bentuk cetak atau PDF.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": (
            "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013. Kelahiran wajib "
            "dilaporkan paling lambat 60 hari sejak kelahiran."
        ),
        "product": "Kutipan Akta Kelahiran dan KK terbaru",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            (
                "Undang-Undang Nomor 23 Tahun 2002 tentang Perlindungan Anak sebagaimana telah diubah dengan "
                "Undang-Undang Nomor 35 Tahun 2014"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
        ],
        "facilities": (
            "Loket pencatatan sipil, komputer SIAK, printer, sertifikat elektronik Pejabat Pencatatan Sipil, "
            "contoh formulir F-2.01 dan SPTJM, ruang laktasi, serta pojok bermain anak."
        ),
        "competency": (
            "Pendidikan minimal D3/sederajat; memahami ketentuan pencatatan kelahiran termasuk pencatatan dengan "
            "SPTJM; mampu mengoperasikan SIAK dan TTE; berkomunikasi dengan empati kepada orang tua."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-05",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan Akta Kematian",
        "keywords": "akta kematian akte meninggal kematian wafat surat kematian",
        "summary": (
            "Pencatatan kematian penduduk dan penerbitan kutipan akta kematian, sekaligus pemutakhiran KK "
            "keluarga yang ditinggalkan."
        ),
        "requirements": [
            "Surat keterangan kematian dari rumah sakit, puskesmas, dokter, atau kepala desa/lurah",
            "KK dan KTP-el almarhum/almarhumah (KTP-el diserahkan kepada petugas)",
            "KTP-el pelapor",
            "Formulir Pelaporan Pencatatan Sipil (F-2.01)",
        ],
        "procedure": [
            "Pelapor mengambil nomor antrean Dukcapil (huruf A) dan menyerahkan berkas.",
            "Petugas memverifikasi data kematian dan menarik KTP-el almarhum/almarhumah.",
            "Data kematian dicatat pada SIAK dan status penduduk diperbarui.",
            "Kutipan akta kematian dan KK terbaru diterbitkan dengan tanda tangan elektronik.",
            "Pelapor menerima kutipan akta kematian dan KK terbaru.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": (
            "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013. Kematian wajib "
            "dilaporkan paling lambat 30 hari sejak tanggal kematian."
        ),
        "product": "Kutipan Akta Kematian dan KK terbaru",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
        ],
        "facilities": (
            "Loket pencatatan sipil, komputer SIAK, printer, sertifikat elektronik Pejabat Pencatatan Sipil, "
            "kotak penyimpanan KTP-el yang ditarik, dan ruang tunggu."
        ),
        "competency": (
            "Pendidikan minimal D3/sederajat; memahami ketentuan pencatatan kematian dan penarikan dokumen "
            "kependudukan; mampu mengoperasikan SIAK dan TTE; melayani dengan santun kepada keluarga yang "
            "berduka."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-06",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan Kartu Identitas Anak (KIA)",
        "keywords": "kia kartu identitas anak ktp anak identitas anak",
        "summary": "Penerbitan Kartu Identitas Anak bagi anak WNI berusia di bawah 17 tahun dan belum kawin.",
        "requirements": [
            "Kutipan akta kelahiran anak (asli untuk diperlihatkan)",
            "KK orang tua/wali",
            "KTP-el kedua orang tua/wali",
            "Pas foto berwarna anak ukuran 2x3 sebanyak 2 lembar (untuk anak berusia 5 tahun ke atas)",
        ],
        "procedure": [
            "Orang tua/wali mengambil nomor antrean Dukcapil (huruf A) dan menyerahkan berkas.",
            "Petugas memverifikasi data anak pada SIAK dan memindai pas foto (anak usia 5 tahun ke atas).",
            "Petugas mencetak KIA pada blangko KIA.",
            "Orang tua/wali menerima KIA dan menandatangani buku ekspedisi.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013.",
        "product": "Kartu Identitas Anak (KIA)",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Menteri Dalam Negeri Nomor 2 Tahun 2016 tentang Kartu Identitas Anak",
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
        ],
        "facilities": (
            "Komputer SIAK, pemindai foto, printer kartu KIA, pojok bermain anak, ruang laktasi, dan ruang "
            "tunggu ramah anak."
        ),
        "competency": (
            "Pendidikan minimal SMA/sederajat; memahami ketentuan KIA menurut Permendagri 2/2016; mampu "
            "mengoperasikan SIAK dan printer kartu."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-07",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan Surat Keterangan Pindah (SKPWNI)",
        "keywords": "pindah surat pindah skpwni pindah domisili mutasi penduduk pindah keluar",
        "summary": (
            "Penerbitan Surat Keterangan Pindah bagi penduduk Kabupaten Sukamaju yang akan pindah ke "
            "kabupaten/kota atau provinsi lain."
        ),
        "requirements": [
            "Kartu Keluarga (KK) asli",
            "Formulir Pendaftaran Perpindahan Penduduk (F-1.03) yang telah diisi",
            "Surat kuasa bermeterai apabila permohonan dikuasakan",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Dukcapil (huruf A) dan menyerahkan KK serta formulir F-1.03.",
            "Petugas memverifikasi data anggota keluarga yang akan pindah dan alamat tujuan.",
            (
                "SKPWNI diterbitkan pada SIAK dan ditandatangani secara elektronik; KK baru diterbitkan bagi "
                "anggota keluarga yang tidak pindah."
            ),
            "Pemohon menerima SKPWNI untuk dilaporkan ke Disdukcapil daerah tujuan.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013.",
        "product": "Surat Keterangan Pindah (SKPWNI) dan KK baru bagi anggota keluarga yang tidak pindah",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 109 Tahun 2019 tentang Formulir dan Buku yang Digunakan "
                "dalam Administrasi Kependudukan"
            ),
        ],
        "facilities": (
            "Komputer SIAK, printer, sertifikat elektronik, contoh pengisian formulir F-1.03, dan ruang tunggu."
        ),
        "competency": (
            "Pendidikan minimal SMA/sederajat; memahami klasifikasi perpindahan penduduk dan mekanisme pindah "
            "datang antardaerah; mampu mengoperasikan SIAK."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-08",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Penerbitan Akta Perkawinan (Non-Muslim)",
        "keywords": (
            "akta perkawinan akta nikah catatan sipil non muslim kristen katolik hindu buddha konghucu penghayat"
        ),
        "summary": (
            "Pencatatan perkawinan bagi penduduk beragama selain Islam dan penghayat kepercayaan, serta "
            "penerbitan kutipan akta perkawinan."
        ),
        "requirements": [
            "Surat keterangan telah terjadinya perkawinan dari pemuka agama atau pemuka penghayat kepercayaan",
            "Pas foto berdampingan suami dan istri berwarna ukuran 4x6",
            "KTP-el dan KK kedua mempelai",
            "Kutipan akta kelahiran kedua mempelai",
            "Kutipan akta perceraian atau akta kematian pasangan bagi yang pernah kawin",
            "KTP-el 2 orang saksi",
            "Formulir Pelaporan Pencatatan Sipil (F-2.01)",
        ],
        "procedure": [
            (
                "Pasangan mengambil nomor antrean Dukcapil (huruf A) dan menyerahkan berkas paling lambat 60 "
                "hari setelah perkawinan."
            ),
            "Petugas memverifikasi dan memvalidasi dokumen serta kehadiran saksi.",
            "Pejabat Pencatatan Sipil mencatat perkawinan pada register akta perkawinan.",
            "Kutipan akta perkawinan diterbitkan, dan KK baru diterbitkan bagi pasangan yang membentuk keluarga baru.",
            "Pasangan menerima kutipan akta perkawinan dan KK terbaru.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis) sesuai Pasal 79A Undang-Undang Nomor 24 Tahun 2013.",
        "product": "Kutipan Akta Perkawinan dan KK terbaru",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 1 Tahun 1974 tentang Perkawinan sebagaimana telah diubah dengan "
                "Undang-Undang Nomor 16 Tahun 2019"
            ),
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk "
                "dan Pencatatan Sipil"
            ),
            (
                "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan Peraturan "
                "Presiden Nomor 96 Tahun 2018"
            ),
        ],
        "facilities": (
            "Loket pencatatan sipil, register akta perkawinan, komputer SIAK, printer, sertifikat elektronik "
            "Pejabat Pencatatan Sipil, dan kursi untuk saksi."
        ),
        "competency": (
            "Pendidikan minimal D3/sederajat; memahami ketentuan pencatatan perkawinan menurut UU Perkawinan dan "
            "Perpres 96/2018; mampu mengoperasikan SIAK dan TTE."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "1 orang pelaksana dan 1 Pejabat Pencatatan Sipil",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": _DKC["security"],
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DKC-09",
        "tenant": "DUKCAPIL",
        "queue": "A",
        "name": "Aktivasi Identitas Kependudukan Digital (IKD)",
        "keywords": "ikd identitas kependudukan digital ktp digital aktivasi ktp online aplikasi",
        "summary": (
            "Aktivasi aplikasi Identitas Kependudukan Digital di ponsel pemohon sebagai KTP-el digital, dilayani "
            "langsung di loket."
        ),
        "requirements": [
            "KTP-el",
            "Ponsel pintar milik pemohon yang telah terpasang aplikasi Identitas Kependudukan Digital",
            "Nomor ponsel dan alamat email aktif milik pemohon",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Dukcapil (huruf A).",
            "Pemohon memasukkan NIK, email, dan nomor ponsel pada aplikasi IKD, lalu melakukan verifikasi wajah.",
            "Petugas memindai kode QR aktivasi yang muncul di ponsel pemohon melalui aplikasi petugas.",
            "Pemohon memasukkan kode aktivasi yang dikirim ke email, membuat PIN, dan IKD siap digunakan.",
        ],
        "duration_value": 10,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Identitas Kependudukan Digital aktif pada ponsel pemohon",
        "complaint_channel": _DKC["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana telah diubah "
                "dengan Undang-Undang Nomor 24 Tahun 2013"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Menteri Dalam Negeri Nomor 72 Tahun 2022 tentang Standar dan Spesifikasi Perangkat "
                "Keras, Perangkat Lunak, dan Blangko Kartu Tanda Penduduk Elektronik serta Penyelenggaraan "
                "Identitas Kependudukan Digital"
            ),
        ],
        "facilities": (
            "Ponsel petugas dengan aplikasi verifikator IKD, jaringan Wi-Fi publik MPP, stop kontak pengisian "
            "daya, dan meja pendampingan."
        ),
        "competency": (
            "Pendidikan minimal SMA/sederajat; memahami alur aktivasi IKD; mampu membantu pemohon yang kurang "
            "terbiasa menggunakan ponsel pintar."
        ),
        "internal_supervision": _DKC["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _DKC["guarantee"],
        "security_guarantee": (
            "Petugas tidak meminta, mencatat, atau memasukkan PIN dan kode aktivasi milik pemohon; data pribadi "
            "dilindungi sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi; area layanan "
            "dipantau CCTV."
        ),
        "performance_evaluation": _DKC["evaluation"],
        "needs_application": False,
    },
    # ------------------------------------------------------------------ POLRES
    {
        "code": "POL-01",
        "tenant": "POLRES",
        "queue": "B",
        "name": "Penerbitan SKCK Baru",
        "keywords": "skck surat keterangan catatan kepolisian kelakuan baik skck baru melamar kerja polisi",
        "summary": (
            "Penerbitan Surat Keterangan Catatan Kepolisian tingkat Polres untuk keperluan melamar pekerjaan, "
            "pendidikan, dan keperluan administrasi lainnya. SKCK berlaku 6 bulan."
        ),
        "requirements": [
            "Fotokopi KTP-el",
            "Fotokopi Kartu Keluarga",
            "Fotokopi akta kelahiran atau ijazah terakhir",
            "Pas foto berwarna ukuran 4x6 latar belakang merah sebanyak 6 lembar, berpakaian sopan dan berkerah",
            "Kartu sidik jari (rumus sidik jari) dari Unit Identifikasi Polres",
            "Bukti kepesertaan aktif Program Jaminan Kesehatan Nasional (BPJS Kesehatan)",
        ],
        "procedure": [
            (
                "Pemohon dapat mendaftar lebih dahulu melalui SKCK Online, kemudian mengambil nomor antrean SKCK "
                "(huruf B)."
            ),
            "Petugas memeriksa kelengkapan berkas dan status kepesertaan JKN pemohon.",
            "Pemohon yang belum memiliki kartu sidik jari diambil sidik jarinya oleh petugas identifikasi.",
            "Petugas meneliti catatan kepolisian pemohon pada basis data Polri.",
            "Pemohon membayar PNBP dan menerima kuitansi resmi.",
            "SKCK dicetak, ditandatangani pejabat berwenang, dan diserahkan kepada pemohon.",
        ],
        "duration_value": 60,
        "duration_unit": "minutes",
        "fee": 30000,
        "fee_note": "Rp30.000 per penerbitan, disetor sebagai PNBP sesuai Peraturan Pemerintah Nomor 76 Tahun 2020.",
        "product": "Surat Keterangan Catatan Kepolisian (SKCK)",
        "complaint_channel": _POL["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 2 Tahun 2002 tentang Kepolisian Negara Republik Indonesia",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 76 Tahun 2020 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kepolisian Negara Republik Indonesia"
            ),
            "Instruksi Presiden Nomor 1 Tahun 2022 tentang Optimalisasi Pelaksanaan Program Jaminan Kesehatan Nasional",
            (
                "Peraturan Kepolisian Negara Republik Indonesia Nomor 6 Tahun 2023 tentang Penerbitan Surat "
                "Keterangan Catatan Kepolisian"
            ),
            _PERPRES_MPP,
        ],
        "facilities": (
            "Komputer terhubung aplikasi SKCK Polri, pemindai sidik jari dan perlengkapan daktiloskopi, printer, "
            "kamera, mesin fotokopi berbayar di area MPP, dan ruang tunggu."
        ),
        "competency": (
            "Anggota Polri atau ASN Polri pada fungsi Intelkam; telah mengikuti pelatihan administrasi SKCK dan "
            "daktiloskopi; mampu mengoperasikan aplikasi SKCK."
        ),
        "internal_supervision": _POL["supervision"],
        "staff_count": "4 orang (2 petugas administrasi, 1 petugas sidik jari, 1 petugas cetak)",
        "service_guarantee": _POL["guarantee"],
        "security_guarantee": _POL["security"],
        "performance_evaluation": _POL["evaluation"],
        "needs_application": False,
    },
    {
        "code": "POL-02",
        "tenant": "POLRES",
        "queue": "B",
        "name": "Perpanjangan SKCK",
        "keywords": "skck perpanjang perpanjangan skck catatan kepolisian kelakuan baik",
        "summary": "Perpanjangan SKCK yang masa berlakunya telah habis, dengan melampirkan SKCK lama.",
        "requirements": [
            "SKCK lama (asli atau fotokopi yang telah dilegalisasi)",
            "Fotokopi KTP-el",
            "Fotokopi Kartu Keluarga",
            "Pas foto berwarna ukuran 4x6 latar belakang merah sebanyak 2 lembar",
            "Bukti kepesertaan aktif Program Jaminan Kesehatan Nasional (BPJS Kesehatan)",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean SKCK (huruf B) dan menyerahkan berkas.",
            "Petugas mencocokkan data SKCK lama dan meneliti kembali catatan kepolisian pemohon.",
            "Pemohon membayar PNBP dan menerima kuitansi resmi.",
            "SKCK perpanjangan dicetak, ditandatangani, dan diserahkan kepada pemohon.",
        ],
        "duration_value": 30,
        "duration_unit": "minutes",
        "fee": 30000,
        "fee_note": (
            "Rp30.000 per penerbitan, disetor sebagai PNBP sesuai Peraturan Pemerintah Nomor 76 Tahun 2020. SKCK "
            "yang telah habis masa berlakunya lebih dari 1 tahun diproses sebagai permohonan baru."
        ),
        "product": "Surat Keterangan Catatan Kepolisian (SKCK) perpanjangan",
        "complaint_channel": _POL["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 2 Tahun 2002 tentang Kepolisian Negara Republik Indonesia",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 76 Tahun 2020 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kepolisian Negara Republik Indonesia"
            ),
            (
                "Peraturan Kepolisian Negara Republik Indonesia Nomor 6 Tahun 2023 tentang Penerbitan Surat "
                "Keterangan Catatan Kepolisian"
            ),
        ],
        "facilities": "Komputer terhubung aplikasi SKCK Polri, printer, dan ruang tunggu.",
        "competency": (
            "Anggota Polri atau ASN Polri pada fungsi Intelkam; memahami ketentuan perpanjangan SKCK; mampu "
            "mengoperasikan aplikasi SKCK."
        ),
        "internal_supervision": _POL["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _POL["guarantee"],
        "security_guarantee": _POL["security"],
        "performance_evaluation": _POL["evaluation"],
        "needs_application": False,
    },
    {
        "code": "POL-03",
        "tenant": "POLRES",
        "queue": "B",
        "name": "Surat Keterangan Tanda Lapor Kehilangan (SKTLK)",
        "keywords": "kehilangan surat kehilangan lapor hilang sktlk dompet ktp hilang atm hilang buku tabungan",
        "summary": (
            "Penerbitan surat keterangan tanda lapor kehilangan atas dokumen atau barang sebagai syarat "
            "pengurusan dokumen pengganti."
        ),
        "requirements": [
            "KTP-el pelapor",
            "Fotokopi dokumen yang hilang atau keterangan nomor dokumen (apabila ada)",
            "Keterangan kronologis kehilangan (waktu dan tempat kejadian)",
        ],
        "procedure": [
            "Pelapor mengambil nomor antrean SKCK (huruf B) dan menyampaikan laporan kehilangan.",
            "Petugas SPKT mencatat identitas pelapor, jenis barang/dokumen, serta kronologis kejadian.",
            "Pelapor memeriksa kebenaran isi surat dan membubuhkan tanda tangan.",
            "SKTLK ditandatangani pejabat SPKT dan diserahkan kepada pelapor.",
        ],
        "duration_value": 20,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Surat Keterangan Tanda Lapor Kehilangan (SKTLK)",
        "complaint_channel": _POL["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 2 Tahun 2002 tentang Kepolisian Negara Republik Indonesia",
            _UU_PELAYANAN_PUBLIK,
            _PERPRES_MPP,
        ],
        "facilities": "Komputer dan printer SPKT, formulir laporan kehilangan, dan ruang tunggu.",
        "competency": (
            "Anggota Polri pada fungsi SPKT; memahami tata cara penerimaan laporan masyarakat; berkomunikasi "
            "dengan ramah dan jelas."
        ),
        "internal_supervision": _POL["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _POL["guarantee"],
        "security_guarantee": _POL["security"],
        "performance_evaluation": _POL["evaluation"],
        "needs_application": False,
    },
    # ------------------------------------------------------------------ IMIGRASI
    {
        "code": "IMI-01",
        "tenant": "IMIGRASI",
        "queue": "C",
        "name": "Penerbitan Paspor Biasa Baru",
        "keywords": "paspor passport paspor baru buat paspor m-paspor luar negeri umrah",
        "summary": (
            "Permohonan paspor biasa non-elektronik 48 halaman bagi WNI yang belum pernah memiliki paspor, "
            "dengan jadwal dari aplikasi M-Paspor."
        ),
        "requirements": [
            "Bukti pendaftaran dan jadwal kedatangan dari aplikasi M-Paspor di Unit Layanan Paspor MPP Sukamaju",
            "KTP-el asli",
            "Kartu Keluarga asli",
            (
                "Akta kelahiran, akta perkawinan/buku nikah, ijazah, atau surat baptis asli yang memuat nama, "
                "tempat dan tanggal lahir, serta nama orang tua"
            ),
            "Surat penetapan ganti nama dari pejabat berwenang bagi yang pernah berganti nama",
            "Bagi anak: KTP-el dan paspor kedua orang tua serta kehadiran orang tua",
        ],
        "procedure": [
            (
                "Pemohon mendaftar dan memilih jadwal di Unit Layanan Paspor MPP Sukamaju melalui aplikasi "
                "M-Paspor, lalu membayar PNBP melalui kode billing."
            ),
            "Pada hari jadwal, pemohon mengambil nomor antrean Paspor (huruf C) dengan menunjukkan bukti pendaftaran.",
            "Petugas memverifikasi dokumen asli.",
            "Pemohon menjalani pengambilan foto, sidik jari, dan wawancara.",
            "Permohonan diajukan ke Kantor Imigrasi Sukamaju untuk adjudikasi dan pencetakan paspor.",
            "Pemohon mengambil paspor di loket MPP dengan menunjukkan tanda terima setelah 4 hari kerja.",
        ],
        "duration_value": 4,
        "duration_unit": "working_days",
        "fee": 350000,
        "fee_note": (
            "Rp350.000 untuk paspor biasa non-elektronik 48 halaman masa berlaku 5 tahun; Rp650.000 untuk masa "
            "berlaku 10 tahun. PNBP sesuai Peraturan Pemerintah Nomor 28 Tahun 2019 beserta perubahannya; "
            "layanan biometrik sudah termasuk, dibayar melalui kode billing SIMPONI."
        ),
        "product": "Paspor biasa non-elektronik 48 halaman",
        "complaint_channel": _IMI["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 6 Tahun 2011 tentang Keimigrasian",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 31 Tahun 2013 tentang Peraturan Pelaksanaan Undang-Undang Nomor 6 "
                "Tahun 2011 tentang Keimigrasian beserta perubahannya"
            ),
            (
                "Peraturan Pemerintah Nomor 28 Tahun 2019 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kementerian Hukum dan Hak Asasi Manusia"
            ),
            (
                "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 8 Tahun 2014 tentang Paspor Biasa dan Surat "
                "Perjalanan Laksana Paspor sebagaimana telah diubah terakhir dengan Peraturan Menteri Hukum dan "
                "Hak Asasi Manusia Nomor 18 Tahun 2022"
            ),
            _PERPRES_MPP,
        ],
        "facilities": (
            "3 meja wawancara, perangkat foto dan pemindai sidik jari terhubung SIMKIM, pemindai dokumen, ruang "
            "tunggu dengan kursi prioritas bagi lansia, ibu hamil, dan penyandang disabilitas, serta pojok "
            "bermain anak."
        ),
        "competency": (
            "Pejabat Imigrasi yang telah mengikuti pelatihan penerbitan dokumen perjalanan, wawancara, dan "
            "pemeriksaan keaslian dokumen; mampu mengoperasikan SIMKIM."
        ),
        "internal_supervision": _IMI["supervision"],
        "staff_count": "4 orang (1 petugas verifikasi, 3 petugas foto dan wawancara)",
        "service_guarantee": _IMI["guarantee"],
        "security_guarantee": _IMI["security"],
        "performance_evaluation": _IMI["evaluation"],
        "needs_application": True,
    },
    {
        "code": "IMI-02",
        "tenant": "IMIGRASI",
        "queue": "C",
        "name": "Penggantian Paspor Habis Masa Berlaku atau Halaman Penuh",
        "keywords": "paspor passport perpanjang paspor ganti paspor paspor habis halaman penuh m-paspor",
        "summary": (
            "Penggantian paspor biasa yang telah habis masa berlakunya, akan habis, atau halamannya telah penuh."
        ),
        "requirements": [
            "Bukti pendaftaran dan jadwal kedatangan dari aplikasi M-Paspor",
            "Paspor lama asli",
            "KTP-el asli",
            "Kartu Keluarga asli (apabila terdapat perubahan data pada paspor lama)",
            "Dokumen pendukung perubahan data, misalnya akta kelahiran atau buku nikah (apabila ada perubahan data)",
        ],
        "procedure": [
            (
                "Pemohon mendaftar melalui aplikasi M-Paspor, memilih jadwal di ULP MPP Sukamaju, dan membayar "
                "PNBP melalui kode billing."
            ),
            "Pemohon mengambil nomor antrean Paspor (huruf C) sesuai jadwal.",
            "Petugas memverifikasi paspor lama dan dokumen pendukung.",
            "Pemohon menjalani pengambilan foto, sidik jari, dan wawancara singkat.",
            "Paspor lama dibatalkan dan dikembalikan kepada pemohon.",
            "Pemohon mengambil paspor baru di loket MPP setelah 4 hari kerja.",
        ],
        "duration_value": 4,
        "duration_unit": "working_days",
        "fee": 350000,
        "fee_note": (
            "Rp350.000 untuk paspor biasa non-elektronik 48 halaman masa berlaku 5 tahun; Rp650.000 untuk masa "
            "berlaku 10 tahun. PNBP sesuai Peraturan Pemerintah Nomor 28 Tahun 2019 beserta perubahannya, "
            "dibayar melalui kode billing SIMPONI."
        ),
        "product": "Paspor biasa pengganti",
        "complaint_channel": _IMI["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 6 Tahun 2011 tentang Keimigrasian",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 28 Tahun 2019 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kementerian Hukum dan Hak Asasi Manusia"
            ),
            (
                "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 8 Tahun 2014 tentang Paspor Biasa dan Surat "
                "Perjalanan Laksana Paspor sebagaimana telah diubah terakhir dengan Peraturan Menteri Hukum dan "
                "Hak Asasi Manusia Nomor 18 Tahun 2022"
            ),
        ],
        "facilities": (
            "Perangkat foto dan pemindai sidik jari terhubung SIMKIM, alat pembatalan paspor (pelubang dan cap "
            "batal), ruang tunggu, dan kursi prioritas."
        ),
        "competency": (
            "Pejabat Imigrasi yang menguasai ketentuan penggantian paspor dan pembatalan dokumen perjalanan; "
            "mampu mengoperasikan SIMKIM."
        ),
        "internal_supervision": _IMI["supervision"],
        "staff_count": "3 orang",
        "service_guarantee": _IMI["guarantee"],
        "security_guarantee": _IMI["security"],
        "performance_evaluation": _IMI["evaluation"],
        "needs_application": True,
    },
    {
        "code": "IMI-03",
        "tenant": "IMIGRASI",
        "queue": "C",
        "name": "Penerbitan Paspor Elektronik (e-Paspor)",
        "keywords": "paspor passport e-paspor epaspor paspor elektronik chip autogate m-paspor",
        "summary": (
            "Permohonan paspor biasa elektronik 48 halaman yang dilengkapi cip berisi data biometrik, baik untuk "
            "permohonan baru maupun penggantian."
        ),
        "requirements": [
            "Bukti pendaftaran dan jadwal kedatangan dari aplikasi M-Paspor dengan pilihan jenis paspor elektronik",
            "KTP-el asli",
            "Kartu Keluarga asli",
            "Akta kelahiran, akta perkawinan/buku nikah, ijazah, atau surat baptis asli (untuk permohonan baru)",
            "Paspor lama asli (untuk penggantian)",
        ],
        "procedure": [
            (
                "Pemohon mendaftar melalui aplikasi M-Paspor, memilih jenis paspor elektronik dan jadwal di ULP "
                "MPP Sukamaju, lalu membayar PNBP melalui kode billing."
            ),
            "Pemohon mengambil nomor antrean Paspor (huruf C) sesuai jadwal.",
            "Petugas memverifikasi dokumen asli.",
            "Pemohon menjalani pengambilan foto, sidik jari, dan wawancara.",
            "Kantor Imigrasi melakukan adjudikasi, personalisasi cip, dan pencetakan e-paspor.",
            "Pemohon mengambil e-paspor di loket MPP setelah 4 hari kerja.",
        ],
        "duration_value": 4,
        "duration_unit": "working_days",
        "fee": 650000,
        "fee_note": (
            "Rp650.000 untuk paspor elektronik 48 halaman masa berlaku 5 tahun; Rp950.000 untuk masa berlaku 10 "
            "tahun. PNBP sesuai Peraturan Pemerintah Nomor 28 Tahun 2019 beserta perubahannya, dibayar melalui "
            "kode billing SIMPONI."
        ),
        "product": "Paspor biasa elektronik (e-Paspor) 48 halaman",
        "complaint_channel": _IMI["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 6 Tahun 2011 tentang Keimigrasian",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 28 Tahun 2019 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kementerian Hukum dan Hak Asasi Manusia"
            ),
            (
                "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 8 Tahun 2014 tentang Paspor Biasa dan Surat "
                "Perjalanan Laksana Paspor sebagaimana telah diubah terakhir dengan Peraturan Menteri Hukum dan "
                "Hak Asasi Manusia Nomor 18 Tahun 2022"
            ),
        ],
        "facilities": (
            "Perangkat foto dan pemindai sidik jari terhubung SIMKIM, pembaca cip paspor untuk uji fungsi saat "
            "penyerahan, ruang tunggu, dan kursi prioritas."
        ),
        "competency": (
            "Pejabat Imigrasi yang telah mengikuti pelatihan penerbitan paspor elektronik dan pemeriksaan "
            "dokumen; mampu mengoperasikan SIMKIM dan pembaca cip."
        ),
        "internal_supervision": _IMI["supervision"],
        "staff_count": "3 orang",
        "service_guarantee": _IMI["guarantee"],
        "security_guarantee": _IMI["security"],
        "performance_evaluation": _IMI["evaluation"],
        "needs_application": True,
    },
    # ------------------------------------------------------------------ BPJS KESEHATAN
    {
        "code": "BPJ-01",
        "tenant": "BPJSKES",
        "queue": "D",
        "name": "Pendaftaran Peserta JKN Mandiri (PBPU)",
        "keywords": "bpjs bpjs kesehatan jkn kis daftar bpjs mandiri pbpu peserta baru kartu bpjs",
        "summary": (
            "Pendaftaran peserta Jaminan Kesehatan Nasional segmen Pekerja Bukan Penerima Upah (mandiri) beserta "
            "seluruh anggota keluarga dalam KK."
        ),
        "requirements": [
            "KTP-el seluruh anggota keluarga yang telah berusia 17 tahun",
            "Kartu Keluarga (seluruh anggota keluarga dalam KK wajib didaftarkan)",
            "Nomor ponsel dan alamat email aktif",
            "Buku tabungan atau nomor rekening untuk pendebetan iuran otomatis (autodebet)",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean BPJS Kesehatan (huruf D).",
            "Petugas memvalidasi NIK seluruh anggota keluarga dengan data kependudukan.",
            "Pemohon memilih kelas rawat dan Fasilitas Kesehatan Tingkat Pertama (FKTP).",
            "Petugas menerbitkan nomor virtual account dan membantu pengaktifan autodebet.",
            (
                "Pemohon membayar iuran pertama; kartu JKN aktif 14 hari setelah pendaftaran dan dapat diakses "
                "melalui aplikasi Mobile JKN."
            ),
        ],
        "duration_value": 15,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": (
            "Layanan pendaftaran tidak dipungut biaya. Iuran bulanan per orang: kelas I Rp150.000, kelas II "
            "Rp100.000, kelas III Rp42.000 (peserta membayar Rp35.000, selisihnya dibantu pemerintah), dibayar "
            "melalui kanal pembayaran resmi."
        ),
        "product": "Nomor kepesertaan JKN dan kartu JKN digital",
        "complaint_channel": _BPJS["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional",
            "Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan sebagaimana telah beberapa "
                "kali diubah, terakhir dengan Peraturan Presiden Nomor 59 Tahun 2024"
            ),
            "Peraturan BPJS Kesehatan Nomor 6 Tahun 2018 tentang Administrasi Kepesertaan Program Jaminan Kesehatan",
        ],
        "facilities": (
            "2 loket dengan komputer terhubung aplikasi kepesertaan BPJS Kesehatan, printer, pemindai dokumen, "
            "poster alur pendaftaran, dan ruang tunggu."
        ),
        "competency": (
            "Pendidikan minimal D3; telah mengikuti pelatihan administrasi kepesertaan dan pelayanan peserta "
            "BPJS Kesehatan; memahami ketentuan segmen kepesertaan dan iuran."
        ),
        "internal_supervision": _BPJS["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _BPJS["guarantee"],
        "security_guarantee": _BPJS["security"],
        "performance_evaluation": _BPJS["evaluation"],
        "needs_application": False,
    },
    {
        "code": "BPJ-02",
        "tenant": "BPJSKES",
        "queue": "D",
        "name": "Pendaftaran Bayi Baru Lahir dan Penambahan Anggota Keluarga",
        "keywords": "bpjs bpjs kesehatan jkn bayi baru lahir tambah anggota keluarga anak istri suami",
        "summary": (
            "Pendaftaran bayi baru lahir dari peserta JKN dan penambahan anggota keluarga pada kepesertaan yang "
            "sudah ada."
        ),
        "requirements": [
            "Kartu Keluarga terbaru yang telah memuat anggota keluarga yang didaftarkan",
            "Surat keterangan lahir atau akta kelahiran (untuk bayi baru lahir)",
            "Nomor kartu JKN peserta kepala keluarga",
            (
                "Bagi peserta pekerja penerima upah: surat keterangan dari pemberi kerja/HRD untuk penambahan "
                "anggota keluarga"
            ),
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean BPJS Kesehatan (huruf D).",
            "Petugas memverifikasi hubungan keluarga berdasarkan KK dan dokumen kelahiran.",
            "Petugas menambahkan anggota keluarga pada data kepesertaan dan menetapkan FKTP.",
            "Pemohon menerima nomor kepesertaan anggota keluarga dan informasi iuran yang harus dibayar.",
        ],
        "duration_value": 10,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": (
            "Layanan tidak dipungut biaya. Bayi baru lahir dari peserta wajib didaftarkan paling lambat 28 hari "
            "sejak dilahirkan; iuran dibayarkan sesuai kelas peserta."
        ),
        "product": "Nomor kepesertaan JKN anggota keluarga",
        "complaint_channel": _BPJS["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan sebagaimana telah beberapa "
                "kali diubah, terakhir dengan Peraturan Presiden Nomor 59 Tahun 2024"
            ),
            "Peraturan BPJS Kesehatan Nomor 6 Tahun 2018 tentang Administrasi Kepesertaan Program Jaminan Kesehatan",
        ],
        "facilities": (
            "Komputer terhubung aplikasi kepesertaan, pemindai dokumen, ruang laktasi, dan pojok bermain anak."
        ),
        "competency": (
            "Pendidikan minimal D3; memahami ketentuan pendaftaran bayi baru lahir dan anggota keluarga tambahan "
            "pada setiap segmen peserta."
        ),
        "internal_supervision": _BPJS["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _BPJS["guarantee"],
        "security_guarantee": _BPJS["security"],
        "performance_evaluation": _BPJS["evaluation"],
        "needs_application": False,
    },
    {
        "code": "BPJ-03",
        "tenant": "BPJSKES",
        "queue": "D",
        "name": "Perubahan Data Kepesertaan (FKTP, Kelas Rawat, dan Identitas)",
        "keywords": (
            "bpjs bpjs kesehatan jkn pindah faskes ganti faskes fktp puskesmas turun kelas naik kelas ubah data"
        ),
        "summary": (
            "Perubahan data peserta JKN seperti pindah FKTP, perubahan kelas rawat, alamat, nomor ponsel, atau "
            "koreksi identitas."
        ),
        "requirements": [
            "Nomor kartu JKN atau NIK peserta",
            "KTP-el dan Kartu Keluarga",
            "Dokumen pendukung perubahan identitas (KK atau akta terbaru) bila ada koreksi data",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean BPJS Kesehatan (huruf D).",
            (
                "Petugas memeriksa data peserta dan ketentuan perubahan: pindah FKTP dapat dilakukan setelah "
                "terdaftar minimal 3 bulan, perubahan kelas rawat setelah minimal 1 tahun."
            ),
            "Petugas memproses perubahan data pada aplikasi kepesertaan.",
            "Pemohon menerima konfirmasi perubahan yang juga tampil pada aplikasi Mobile JKN.",
        ],
        "duration_value": 10,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": (
            "Tidak dipungut biaya (gratis). Perubahan kelas rawat berlaku pada bulan berikutnya dengan iuran "
            "sesuai kelas yang baru."
        ),
        "product": "Data kepesertaan JKN yang telah diperbarui",
        "complaint_channel": _BPJS["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan sebagaimana telah beberapa "
                "kali diubah, terakhir dengan Peraturan Presiden Nomor 59 Tahun 2024"
            ),
            "Peraturan BPJS Kesehatan Nomor 6 Tahun 2018 tentang Administrasi Kepesertaan Program Jaminan Kesehatan",
        ],
        "facilities": (
            "Komputer terhubung aplikasi kepesertaan, daftar FKTP di Kabupaten Sukamaju beserta kuotanya, dan "
            "ruang tunggu."
        ),
        "competency": "Pendidikan minimal D3; memahami ketentuan perubahan data peserta dan ketersediaan kuota FKTP.",
        "internal_supervision": _BPJS["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _BPJS["guarantee"],
        "security_guarantee": _BPJS["security"],
        "performance_evaluation": _BPJS["evaluation"],
        "needs_application": False,
    },
    {
        "code": "BPJ-04",
        "tenant": "BPJSKES",
        "queue": "D",
        "name": "Informasi Tunggakan Iuran dan Pendaftaran Program REHAB",
        "keywords": "bpjs bpjs kesehatan jkn tunggakan iuran denda cicilan rehab nonaktif aktifkan kembali",
        "summary": (
            "Informasi tagihan iuran dan pendaftaran Program Rencana Pembayaran Bertahap (REHAB) bagi peserta "
            "mandiri yang menunggak agar kepesertaan dapat aktif kembali."
        ),
        "requirements": [
            "Nomor kartu JKN atau NIK peserta",
            "KTP-el",
            "Nomor ponsel aktif yang terdaftar pada aplikasi Mobile JKN",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean BPJS Kesehatan (huruf D).",
            "Petugas menyampaikan rincian tunggakan iuran dan status kepesertaan.",
            (
                "Bagi peserta yang memenuhi ketentuan, petugas membantu pendaftaran Program REHAB melalui "
                "aplikasi Mobile JKN dan menjelaskan jadwal cicilan."
            ),
            "Pemohon menerima informasi tertulis mengenai tagihan dan jadwal pembayaran.",
        ],
        "duration_value": 10,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": (
            "Layanan informasi tidak dipungut biaya. Tunggakan dan cicilan iuran dibayar melalui kanal "
            "pembayaran resmi BPJS Kesehatan."
        ),
        "product": "Informasi tagihan iuran dan jadwal cicilan Program REHAB",
        "complaint_channel": _BPJS["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan sebagaimana telah beberapa "
                "kali diubah, terakhir dengan Peraturan Presiden Nomor 59 Tahun 2024"
            ),
            (
                "Peraturan BPJS Kesehatan Nomor 5 Tahun 2018 tentang Tata Cara Penagihan, Pembayaran dan "
                "Pencatatan Iuran Jaminan Kesehatan dan Pembayaran Denda akibat Keterlambatan Pembayaran Iuran "
                "Jaminan Kesehatan"
            ),
        ],
        "facilities": "Komputer terhubung aplikasi kepesertaan dan penagihan, printer, dan ruang tunggu.",
        "competency": (
            "Pendidikan minimal D3; memahami ketentuan iuran, denda layanan, dan Program REHAB; mampu "
            "menjelaskan perhitungan tagihan dengan jelas."
        ),
        "internal_supervision": _BPJS["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _BPJS["guarantee"],
        "security_guarantee": _BPJS["security"],
        "performance_evaluation": _BPJS["evaluation"],
        "needs_application": False,
    },
    # ------------------------------------------------------------------ SAMSAT
    {
        "code": "SMS-01",
        "tenant": "SAMSAT",
        "queue": "E",
        "name": "Pembayaran PKB Tahunan dan Pengesahan STNK",
        "keywords": "samsat pajak kendaraan pkb pajak motor pajak mobil stnk tahunan bayar pajak swdkllj jasa raharja",
        "summary": (
            "Pembayaran Pajak Kendaraan Bermotor dan SWDKLLJ tahunan sekaligus pengesahan STNK, dilayani "
            "langsung di gerai."
        ),
        "requirements": [
            "STNK asli",
            "KTP-el asli pemilik sesuai STNK; apabila dikuasakan, surat kuasa bermeterai dan KTP-el penerima kuasa",
        ],
        "procedure": [
            "Wajib pajak mengambil nomor antrean Samsat (huruf E).",
            "Petugas memeriksa STNK dan identitas, lalu menetapkan besaran PKB dan SWDKLLJ.",
            "Wajib pajak membayar di kasir atau melalui kanal pembayaran nontunai yang tersedia.",
            "Petugas mencetak notice pajak (SKPD) dan mengesahkan STNK.",
            "Wajib pajak menerima kembali STNK yang telah disahkan beserta notice pajak.",
        ],
        "duration_value": 30,
        "duration_unit": "minutes",
        "fee": 25000,
        "fee_note": (
            "PNBP pengesahan STNK Rp25.000 (roda 2/3) atau Rp50.000 (roda 4 atau lebih) sesuai PP Nomor 76 Tahun "
            "2020, ditambah PKB sesuai notice pajak dan SWDKLLJ PT Jasa Raharja. Denda berlaku apabila terlambat."
        ),
        "product": "STNK yang telah disahkan dan notice pajak (SKPD) PKB/SWDKLLJ",
        "complaint_channel": _SAMSAT["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 34 Tahun 1964 tentang Dana Pertanggungan Wajib Kecelakaan Lalu Lintas Jalan",
            "Undang-Undang Nomor 22 Tahun 2009 tentang Lalu Lintas dan Angkutan Jalan",
            (
                "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan "
                "Pemerintahan Daerah"
            ),
            (
                "Peraturan Presiden Nomor 5 Tahun 2015 tentang Penyelenggaraan Sistem Administrasi Manunggal "
                "Satu Atap Kendaraan Bermotor"
            ),
            (
                "Peraturan Pemerintah Nomor 76 Tahun 2020 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kepolisian Negara Republik Indonesia"
            ),
            "Peraturan Daerah Provinsi Jawa Barat tentang Pajak Daerah dan Retribusi Daerah",
        ],
        "facilities": (
            "2 loket Samsat terhubung sistem Samsat Jawa Barat, kasir bank persepsi, mesin EDC dan QRIS, printer "
            "notice, serta ruang tunggu."
        ),
        "competency": (
            "Petugas Bapenda, Polri, dan PT Jasa Raharja yang telah mengikuti pelatihan pelayanan Samsat; "
            "memahami penetapan PKB, SWDKLLJ, dan pengesahan STNK."
        ),
        "internal_supervision": _SAMSAT["supervision"],
        "staff_count": "4 orang (Bapenda 2, Polri 1, Jasa Raharja 1)",
        "service_guarantee": _SAMSAT["guarantee"],
        "security_guarantee": _SAMSAT["security"],
        "performance_evaluation": _SAMSAT["evaluation"],
        "needs_application": False,
    },
    {
        "code": "SMS-02",
        "tenant": "SAMSAT",
        "queue": "E",
        "name": "Perpanjangan STNK Lima Tahunan dan Penggantian TNKB",
        "keywords": "samsat stnk 5 tahun perpanjang stnk ganti plat tnkb pelat nomor cek fisik gesek rangka",
        "summary": (
            "Penerbitan STNK baru dan TNKB (pelat nomor) setiap lima tahun, disertai pembayaran PKB tahun "
            "berjalan dan cek fisik kendaraan."
        ),
        "requirements": [
            "STNK asli",
            "BPKB asli, atau surat keterangan dari lembaga pembiayaan bagi kendaraan yang masih dalam kredit",
            "KTP-el asli pemilik sesuai STNK/BPKB",
            "Kendaraan dihadirkan untuk cek fisik (gesek nomor rangka dan nomor mesin)",
        ],
        "procedure": [
            "Wajib pajak menghadirkan kendaraan di area cek fisik MPP untuk penggesekan nomor rangka dan nomor mesin.",
            "Wajib pajak mengambil nomor antrean Samsat (huruf E) dan menyerahkan berkas beserta hasil cek fisik.",
            "Petugas memverifikasi dokumen dan menetapkan PKB, SWDKLLJ, serta PNBP STNK dan TNKB.",
            "Wajib pajak membayar di kasir dan menerima notice pajak serta STNK baru.",
            "TNKB baru diserahkan sesuai jadwal yang tertera pada tanda terima.",
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 160000,
        "fee_note": (
            "PNBP roda 2/3: STNK Rp100.000 dan TNKB Rp60.000; roda 4 atau lebih: STNK Rp200.000 dan TNKB "
            "Rp100.000 (PP Nomor 76 Tahun 2020); ditambah PKB dan SWDKLLJ sesuai notice pajak."
        ),
        "product": "STNK baru, TNKB baru, dan notice pajak (SKPD)",
        "complaint_channel": _SAMSAT["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 22 Tahun 2009 tentang Lalu Lintas dan Angkutan Jalan",
            (
                "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan "
                "Pemerintahan Daerah"
            ),
            (
                "Peraturan Presiden Nomor 5 Tahun 2015 tentang Penyelenggaraan Sistem Administrasi Manunggal "
                "Satu Atap Kendaraan Bermotor"
            ),
            (
                "Peraturan Pemerintah Nomor 76 Tahun 2020 tentang Jenis dan Tarif atas Jenis Penerimaan Negara "
                "Bukan Pajak yang Berlaku pada Kepolisian Negara Republik Indonesia"
            ),
            (
                "Peraturan Kepolisian Negara Republik Indonesia Nomor 7 Tahun 2021 tentang Registrasi dan "
                "Identifikasi Kendaraan Bermotor"
            ),
            "Peraturan Daerah Provinsi Jawa Barat tentang Pajak Daerah dan Retribusi Daerah",
        ],
        "facilities": (
            "Area cek fisik kendaraan di parkir MPP, perlengkapan gesek nomor rangka/mesin, loket Samsat, kasir "
            "bank persepsi, printer STNK, dan ruang tunggu."
        ),
        "competency": (
            "Petugas Regident Polri yang berwenang melakukan cek fisik dan penerbitan STNK; petugas Bapenda dan "
            "PT Jasa Raharja yang memahami penetapan PKB dan SWDKLLJ."
        ),
        "internal_supervision": _SAMSAT["supervision"],
        "staff_count": "5 orang (termasuk 1 petugas cek fisik)",
        "service_guarantee": _SAMSAT["guarantee"],
        "security_guarantee": _SAMSAT["security"],
        "performance_evaluation": _SAMSAT["evaluation"],
        "needs_application": True,
    },
    {
        "code": "SMS-03",
        "tenant": "SAMSAT",
        "queue": "E",
        "name": "Informasi Tagihan PKB dan Data Kendaraan",
        "keywords": "samsat cek pajak info pkb tunggakan pajak kendaraan data kendaraan nomor polisi",
        "summary": (
            "Informasi besaran PKB, tunggakan, denda, serta program keringanan pajak kendaraan yang sedang berlaku."
        ),
        "requirements": [
            "Nomor polisi kendaraan atau STNK",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Samsat (huruf E).",
            "Petugas memeriksa data kendaraan pada sistem Samsat berdasarkan nomor polisi.",
            "Petugas menyampaikan rincian PKB, SWDKLLJ, tunggakan, denda, dan program keringanan yang berlaku.",
            "Pemohon dapat menerima cetakan rincian tagihan.",
        ],
        "duration_value": 5,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Informasi dan cetakan rincian tagihan PKB",
        "complaint_channel": _SAMSAT["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan "
                "Pemerintahan Daerah"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Presiden Nomor 5 Tahun 2015 tentang Penyelenggaraan Sistem Administrasi Manunggal "
                "Satu Atap Kendaraan Bermotor"
            ),
        ],
        "facilities": "Komputer terhubung sistem Samsat Jawa Barat, printer, dan materi informasi aplikasi Sambara.",
        "competency": (
            "Petugas Bapenda yang memahami penetapan PKB, denda, dan kebijakan keringanan pajak Provinsi Jawa Barat."
        ),
        "internal_supervision": _SAMSAT["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _SAMSAT["guarantee"],
        "security_guarantee": _SAMSAT["security"],
        "performance_evaluation": _SAMSAT["evaluation"],
        "needs_application": False,
    },
    # ------------------------------------------------------------------ KPP PRATAMA
    {
        "code": "KPP-01",
        "tenant": "KPP",
        "queue": "F",
        "name": "Pendaftaran NPWP Orang Pribadi",
        "keywords": "npwp pajak daftar npwp nik npwp nomor pokok wajib pajak coretax",
        "summary": (
            "Pendaftaran wajib pajak orang pribadi dan pengaktifan NIK sebagai NPWP melalui Coretax DJP, dibantu "
            "petugas."
        ),
        "requirements": [
            "KTP-el (bagi WNI)",
            "Paspor dan KITAS/KITAP (bagi WNA)",
            "Alamat email dan nomor ponsel aktif milik wajib pajak",
            "Surat keterangan usaha atau keterangan kegiatan usaha bagi pengusaha orang pribadi (apabila ada)",
        ],
        "procedure": [
            "Wajib pajak mengambil nomor antrean Perpajakan (huruf F).",
            "Petugas membantu pengisian permohonan pendaftaran pada Coretax DJP berdasarkan data kependudukan.",
            "Wajib pajak memverifikasi email dan nomor ponsel.",
            "Sistem menerbitkan NPWP dan Surat Keterangan Terdaftar secara elektronik.",
            "Wajib pajak menerima penjelasan hak dan kewajiban perpajakan.",
        ],
        "duration_value": 30,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "NPWP (NIK terintegrasi) dan Surat Keterangan Terdaftar elektronik",
        "complaint_channel": _KPP["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan sebagaimana "
                "telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023"
            ),
            "Undang-Undang Nomor 7 Tahun 2021 tentang Harmonisasi Peraturan Perpajakan",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Menteri Keuangan Nomor 81 Tahun 2024 tentang Ketentuan Perpajakan dalam rangka "
                "Pelaksanaan Sistem Inti Administrasi Perpajakan"
            ),
        ],
        "facilities": (
            "2 loket dengan komputer terhubung Coretax DJP, printer, pemindai dokumen, komputer swalayan (pojok "
            "pajak), dan ruang tunggu."
        ),
        "competency": (
            "Pegawai DJP yang telah mengikuti pelatihan layanan Tempat Pelayanan Terpadu dan Coretax; memahami "
            "ketentuan pendaftaran wajib pajak."
        ),
        "internal_supervision": _KPP["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _KPP["guarantee"],
        "security_guarantee": _KPP["security"],
        "performance_evaluation": _KPP["evaluation"],
        "needs_application": False,
    },
    {
        "code": "KPP-02",
        "tenant": "KPP",
        "queue": "F",
        "name": "Aktivasi dan Pemulihan Akun Coretax DJP",
        "keywords": "coretax efin akun pajak lupa password reset kata sandi aktivasi akun djp online",
        "summary": (
            "Aktivasi akun Coretax DJP bagi wajib pajak terdaftar serta pemulihan akses karena lupa kata sandi "
            "atau pergantian email dan nomor ponsel."
        ),
        "requirements": [
            "KTP-el asli wajib pajak (wajib hadir sendiri)",
            "NPWP atau NIK yang telah diaktifkan sebagai NPWP",
            "Email dan nomor ponsel aktif yang akan didaftarkan",
        ],
        "procedure": [
            "Wajib pajak mengambil nomor antrean Perpajakan (huruf F).",
            "Petugas memverifikasi identitas wajib pajak secara langsung dengan mencocokkan KTP-el dan foto diri.",
            "Petugas memperbarui email dan nomor ponsel pada data wajib pajak.",
            "Wajib pajak melakukan aktivasi akun dan membuat kata sandi sendiri melalui tautan yang dikirim ke email.",
        ],
        "duration_value": 15,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Akun Coretax DJP aktif",
        "complaint_channel": _KPP["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan sebagaimana "
                "telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Menteri Keuangan Nomor 81 Tahun 2024 tentang Ketentuan Perpajakan dalam rangka "
                "Pelaksanaan Sistem Inti Administrasi Perpajakan"
            ),
        ],
        "facilities": "Komputer terhubung Coretax DJP, kamera web untuk verifikasi foto, dan komputer swalayan.",
        "competency": "Pegawai DJP yang memahami prosedur verifikasi identitas dan aktivasi akun Coretax.",
        "internal_supervision": _KPP["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _KPP["guarantee"],
        "security_guarantee": _KPP["security"],
        "performance_evaluation": _KPP["evaluation"],
        "needs_application": False,
    },
    {
        "code": "KPP-03",
        "tenant": "KPP",
        "queue": "F",
        "name": "Asistensi Pelaporan SPT Tahunan Orang Pribadi",
        "keywords": "spt spt tahunan lapor pajak pelaporan pajak 1770 1770s bukti potong coretax",
        "summary": (
            "Pendampingan wajib pajak orang pribadi dalam mengisi dan menyampaikan SPT Tahunan PPh secara "
            "elektronik melalui Coretax DJP."
        ),
        "requirements": [
            "Akun Coretax DJP yang telah aktif",
            "Bukti potong PPh dari pemberi kerja (bagi karyawan)",
            "Daftar harta dan utang per akhir tahun pajak",
            "Catatan peredaran bruto bagi wajib pajak yang menjalankan usaha",
        ],
        "procedure": [
            "Wajib pajak mengambil nomor antrean Perpajakan (huruf F).",
            "Wajib pajak masuk ke akun Coretax DJP di komputer swalayan atau ponsel sendiri.",
            "Petugas memandu pengisian SPT tanpa mengambil alih akun wajib pajak.",
            "Wajib pajak menandatangani dan mengirim SPT secara elektronik.",
            "Wajib pajak menerima Bukti Penerimaan Elektronik (BPE) melalui akun Coretax dan email.",
        ],
        "duration_value": 30,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Bukti Penerimaan Elektronik (BPE) SPT Tahunan",
        "complaint_channel": _KPP["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan sebagaimana "
                "telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023"
            ),
            "Undang-Undang Nomor 7 Tahun 2021 tentang Harmonisasi Peraturan Perpajakan",
            "Peraturan Pemerintah Nomor 55 Tahun 2022 tentang Penyesuaian Pengaturan di Bidang Pajak Penghasilan",
            (
                "Peraturan Menteri Keuangan Nomor 81 Tahun 2024 tentang Ketentuan Perpajakan dalam rangka "
                "Pelaksanaan Sistem Inti Administrasi Perpajakan"
            ),
        ],
        "facilities": (
            "Pojok pajak dengan 3 komputer swalayan, Wi-Fi publik, layar peraga panduan pengisian SPT, dan ruang "
            "tunggu."
        ),
        "competency": (
            "Pegawai DJP atau relawan pajak terlatih yang memahami pengisian SPT Tahunan PPh Orang Pribadi "
            "melalui Coretax."
        ),
        "internal_supervision": _KPP["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _KPP["guarantee"],
        "security_guarantee": _KPP["security"],
        "performance_evaluation": _KPP["evaluation"],
        "needs_application": False,
    },
    {
        "code": "KPP-04",
        "tenant": "KPP",
        "queue": "F",
        "name": "Permohonan Surat Keterangan Fiskal (SKF)",
        "keywords": "skf surat keterangan fiskal kswp konfirmasi status wajib pajak tender lelang pajak",
        "summary": (
            "Permohonan Surat Keterangan Fiskal sebagai bukti pemenuhan kewajiban perpajakan, misalnya untuk "
            "keperluan pengadaan barang/jasa atau pengajuan kredit."
        ),
        "requirements": [
            "Formulir permohonan SKF melalui Coretax DJP atau secara langsung",
            "NPWP wajib pajak",
            "Telah menyampaikan SPT Tahunan untuk 2 tahun pajak terakhir",
            "Tidak mempunyai utang pajak, atau utang pajak telah mendapat izin angsuran/penundaan",
            "Surat kuasa khusus apabila dikuasakan",
        ],
        "procedure": [
            "Wajib pajak mengambil nomor antrean Perpajakan (huruf F) atau mengajukan melalui Coretax DJP.",
            "Petugas menerima permohonan dan memberikan bukti penerimaan.",
            "KPP meneliti pemenuhan kewajiban penyampaian SPT dan status utang pajak.",
            "SKF diterbitkan secara elektronik, atau surat penolakan disertai alasan apabila syarat tidak terpenuhi.",
        ],
        "duration_value": 3,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Surat Keterangan Fiskal (SKF) elektronik",
        "complaint_channel": _KPP["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan sebagaimana "
                "telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Menteri Keuangan Nomor 81 Tahun 2024 tentang Ketentuan Perpajakan dalam rangka "
                "Pelaksanaan Sistem Inti Administrasi Perpajakan"
            ),
        ],
        "facilities": (
            "Loket penerimaan dokumen dengan komputer Coretax DJP, printer bukti penerimaan, dan ruang tunggu."
        ),
        "competency": "Pegawai DJP yang memahami ketentuan penerbitan SKF dan penelitian kepatuhan wajib pajak.",
        "internal_supervision": _KPP["supervision"],
        "staff_count": "1 orang petugas loket dan 1 orang penelaah di KPP",
        "service_guarantee": _KPP["guarantee"],
        "security_guarantee": _KPP["security"],
        "performance_evaluation": _KPP["evaluation"],
        "needs_application": True,
    },
    # ------------------------------------------------------------------ KEMENAG
    {
        "code": "KMG-01",
        "tenant": "KEMENAG",
        "queue": "G",
        "name": "Pendaftaran Kehendak Nikah",
        "keywords": "nikah daftar nikah kehendak nikah kua menikah buku nikah catin simkah",
        "summary": (
            "Penerimaan dan verifikasi berkas pendaftaran kehendak nikah bagi calon pengantin beragama Islam "
            "untuk diteruskan ke KUA Kecamatan tempat akad nikah."
        ),
        "requirements": [
            "Surat pengantar nikah dari desa/kelurahan tempat tinggal calon pengantin",
            "Fotokopi akta kelahiran, KTP-el, dan Kartu Keluarga calon pengantin",
            "Surat keterangan sehat dari fasilitas pelayanan kesehatan",
            "Surat persetujuan calon pengantin",
            "Izin tertulis orang tua/wali bagi calon pengantin yang belum berusia 21 tahun",
            "Penetapan dispensasi kawin dari Pengadilan Agama bagi calon pengantin yang belum berusia 19 tahun",
            (
                "Surat rekomendasi nikah dari KUA kecamatan tempat tinggal apabila akad dilaksanakan di luar "
                "kecamatan tersebut"
            ),
            "Akta cerai atau akta kematian pasangan bagi duda/janda; izin atasan/kesatuan bagi anggota TNI/Polri",
            "Pas foto berwarna ukuran 2x3 dan 4x6 dengan latar belakang biru",
        ],
        "procedure": [
            (
                "Calon pengantin mendaftar melalui SIMKAH atau langsung di gerai Kemenag paling lambat 10 hari "
                "kerja sebelum akad nikah, dengan mengambil nomor antrean Kemenag (huruf G)."
            ),
            "Petugas memverifikasi kelengkapan berkas dan memasukkan data ke SIMKAH.",
            "Berkas diteruskan secara elektronik ke KUA Kecamatan tempat akad nikah.",
            (
                "Calon pengantin menerima bukti pendaftaran dan jadwal pemeriksaan nikah serta bimbingan "
                "perkawinan di KUA."
            ),
            (
                "Bagi akad di luar KUA, calon pengantin membayar PNBP nikah melalui bank persepsi dan "
                "menyerahkan bukti setor ke KUA."
            ),
        ],
        "duration_value": 1,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": (
            "Nikah di KUA pada hari dan jam kerja Rp0 (gratis). Nikah di luar KUA dan/atau di luar jam kerja "
            "Rp600.000, disetor langsung ke kas negara melalui bank persepsi sesuai PP Nomor 48 Tahun 2014."
        ),
        "product": "Bukti pendaftaran kehendak nikah dan jadwal pemeriksaan nikah di KUA",
        "complaint_channel": _KMG["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 1 Tahun 1974 tentang Perkawinan sebagaimana telah diubah dengan "
                "Undang-Undang Nomor 16 Tahun 2019"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 48 Tahun 2014 tentang Perubahan atas Peraturan Pemerintah Nomor 47 "
                "Tahun 2004 tentang Tarif atas Jenis Penerimaan Negara Bukan Pajak yang Berlaku pada Departemen "
                "Agama"
            ),
            "Instruksi Presiden Nomor 1 Tahun 1991 tentang Penyebarluasan Kompilasi Hukum Islam",
            "Peraturan Menteri Agama Nomor 30 Tahun 2024 tentang Pencatatan Pernikahan",
        ],
        "facilities": (
            "Loket Kemenag dengan komputer terhubung SIMKAH, pemindai dokumen, contoh formulir, brosur bimbingan "
            "perkawinan, dan ruang tunggu."
        ),
        "competency": (
            "ASN Kementerian Agama (penghulu atau penyuluh agama Islam) yang memahami ketentuan pencatatan "
            "pernikahan dan mengoperasikan SIMKAH."
        ),
        "internal_supervision": _KMG["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _KMG["guarantee"],
        "security_guarantee": _KMG["security"],
        "performance_evaluation": _KMG["evaluation"],
        "needs_application": True,
    },
    {
        "code": "KMG-02",
        "tenant": "KEMENAG",
        "queue": "G",
        "name": "Penerbitan Duplikat Buku Nikah",
        "keywords": "buku nikah hilang rusak duplikat buku nikah kutipan akta nikah kua",
        "summary": (
            "Penerbitan duplikat buku nikah karena buku nikah asli hilang atau rusak, diproses oleh KUA tempat "
            "pernikahan tercatat."
        ),
        "requirements": [
            "Surat keterangan kehilangan dari kepolisian (apabila hilang) atau buku nikah yang rusak",
            "Fotokopi KTP-el suami dan istri",
            "Fotokopi Kartu Keluarga",
            "Pas foto berdampingan atau pas foto masing-masing ukuran 2x3 dan 4x6 latar belakang biru",
            "Surat permohonan penerbitan duplikat buku nikah",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Kemenag (huruf G) dan menyerahkan berkas.",
            "Petugas mencari data pernikahan pada SIMKAH atau register di KUA tempat pernikahan tercatat.",
            "KUA menerbitkan duplikat buku nikah sesuai data pada akta nikah.",
            "Pemohon mengambil duplikat buku nikah di gerai Kemenag MPP dengan menunjukkan tanda terima.",
        ],
        "duration_value": 3,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Duplikat buku nikah",
        "complaint_channel": _KMG["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 1 Tahun 1974 tentang Perkawinan sebagaimana telah diubah dengan "
                "Undang-Undang Nomor 16 Tahun 2019"
            ),
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Menteri Agama Nomor 30 Tahun 2024 tentang Pencatatan Pernikahan",
        ],
        "facilities": (
            "Komputer terhubung SIMKAH, pemindai dokumen, dan layanan kurir dokumen antara gerai MPP dan KUA Kecamatan."
        ),
        "competency": (
            "ASN Kementerian Agama yang memahami administrasi pencatatan nikah dan penerbitan duplikat buku nikah."
        ),
        "internal_supervision": _KMG["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _KMG["guarantee"],
        "security_guarantee": _KMG["security"],
        "performance_evaluation": _KMG["evaluation"],
        "needs_application": True,
    },
    {
        "code": "KMG-03",
        "tenant": "KEMENAG",
        "queue": "G",
        "name": "Legalisasi Fotokopi Buku Nikah",
        "keywords": "legalisir buku nikah legalisasi nikah fotokopi buku nikah paspor visa",
        "summary": (
            "Legalisasi fotokopi buku nikah untuk keperluan administrasi seperti pengurusan paspor, visa, atau "
            "pekerjaan."
        ),
        "requirements": [
            "Buku nikah asli",
            "Fotokopi buku nikah yang akan dilegalisasi",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Kemenag (huruf G).",
            "Petugas mencocokkan fotokopi dengan buku nikah asli dan data pada SIMKAH.",
            "Fotokopi dibubuhi cap dan tanda tangan pejabat berwenang.",
            "Buku nikah asli dan fotokopi yang telah dilegalisasi diserahkan kembali kepada pemohon.",
        ],
        "duration_value": 15,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Fotokopi buku nikah yang telah dilegalisasi",
        "complaint_channel": _KMG["complaint"],
        "legal_basis": [
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Menteri Agama Nomor 30 Tahun 2024 tentang Pencatatan Pernikahan",
        ],
        "facilities": "Komputer terhubung SIMKAH, cap dinas, dan meja layanan.",
        "competency": "ASN Kementerian Agama yang diberi kewenangan melegalisasi dokumen pernikahan.",
        "internal_supervision": _KMG["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _KMG["guarantee"],
        "security_guarantee": _KMG["security"],
        "performance_evaluation": _KMG["evaluation"],
        "needs_application": False,
    },
    # ------------------------------------------------------------------ PDAM
    {
        "code": "PDM-01",
        "tenant": "PDAM",
        "queue": "H",
        "name": "Pembayaran Rekening Air",
        "keywords": "pdam bayar air tagihan air rekening air tirta sukamaju pembayaran",
        "summary": (
            "Pembayaran tagihan rekening air bulanan pelanggan Perumda Air Minum Tirta Sukamaju secara tunai "
            "maupun nontunai."
        ),
        "requirements": [
            "Nomor sambungan pelanggan atau struk/rekening bulan sebelumnya",
        ],
        "procedure": [
            "Pelanggan mengambil nomor antrean PDAM (huruf H).",
            "Petugas memeriksa tagihan berdasarkan nomor sambungan.",
            "Pelanggan membayar secara tunai, kartu debit, atau QRIS.",
            "Pelanggan menerima struk pembayaran resmi.",
        ],
        "duration_value": 5,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": (
            "Tanpa biaya administrasi di loket MPP; pelanggan membayar tagihan sesuai pemakaian air dan tarif "
            "yang ditetapkan Bupati Sukamaju. Denda keterlambatan berlaku setelah tanggal jatuh tempo."
        ),
        "product": "Struk pembayaran rekening air",
        "complaint_channel": _PDAM["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 17 Tahun 2019 tentang Sumber Daya Air",
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Pemerintah Nomor 122 Tahun 2015 tentang Sistem Penyediaan Air Minum",
            (
                "Peraturan Menteri Dalam Negeri Nomor 71 Tahun 2016 tentang Perhitungan dan Penetapan Tarif Air "
                "Minum sebagaimana telah diubah dengan Peraturan Menteri Dalam Negeri Nomor 21 Tahun 2020"
            ),
            "Peraturan Bupati Sukamaju tentang Tarif Air Minum Perumda Air Minum Tirta Sukamaju",
        ],
        "facilities": (
            "Loket pembayaran terhubung sistem billing terpusat, mesin EDC, QRIS, printer struk, dan brankas."
        ),
        "competency": (
            "Pegawai bagian hubungan langganan yang memahami sistem billing, penanganan uang tunai, dan "
            "pelayanan pelanggan."
        ),
        "internal_supervision": _PDAM["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _PDAM["guarantee"],
        "security_guarantee": _PDAM["security"],
        "performance_evaluation": _PDAM["evaluation"],
        "needs_application": False,
    },
    {
        "code": "PDM-02",
        "tenant": "PDAM",
        "queue": "H",
        "name": "Permohonan Sambungan Baru Air Minum",
        "keywords": "pdam pasang baru sambungan baru air pasang air ledeng pipa meteran",
        "summary": (
            "Permohonan pemasangan sambungan baru air minum untuk rumah tangga di wilayah yang telah terjangkau "
            "jaringan pipa distribusi."
        ),
        "requirements": [
            "Fotokopi KTP-el pemohon",
            "Fotokopi Kartu Keluarga",
            (
                "Fotokopi bukti kepemilikan atau penguasaan bangunan (sertifikat, SPPT PBB, atau surat "
                "keterangan desa/kelurahan)"
            ),
            "Denah lokasi rumah",
            "Nomor ponsel aktif",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean PDAM (huruf H) dan mengisi formulir permohonan sambungan baru.",
            "Petugas melakukan survei lokasi paling lambat 3 hari kerja untuk memastikan ketersediaan jaringan.",
            "Pemohon menerima rincian biaya dan membayar di loket atau melalui bank.",
            "Tim teknik memasang pipa dinas dan meter air.",
            "Pemohon menerima nomor sambungan dan berita acara pemasangan.",
        ],
        "duration_value": 10,
        "duration_unit": "working_days",
        "fee": 1500000,
        "fee_note": (
            "Rp1.500.000 untuk sambungan rumah tangga diameter 1/2 inci dengan jarak pipa hingga 10 meter, "
            "termasuk meter air; kelebihan jarak dan pekerjaan tambahan dihitung sesuai hasil survei berdasarkan "
            "Peraturan Direksi."
        ),
        "product": "Sambungan air minum terpasang, nomor sambungan, dan berita acara pemasangan",
        "complaint_channel": _PDAM["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 17 Tahun 2019 tentang Sumber Daya Air",
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Pemerintah Nomor 122 Tahun 2015 tentang Sistem Penyediaan Air Minum",
            "Peraturan Pemerintah Nomor 54 Tahun 2017 tentang Badan Usaha Milik Daerah",
            "Peraturan Daerah Kabupaten Sukamaju tentang Perusahaan Umum Daerah Air Minum Tirta Sukamaju",
        ],
        "facilities": (
            "Loket pendaftaran, peta jaringan pipa distribusi, kendaraan dan peralatan tim survei serta tim pemasangan."
        ),
        "competency": (
            "Petugas hubungan langganan yang memahami prosedur sambungan baru; tim teknik bersertifikat "
            "keterampilan pemasangan pipa dan meter air."
        ),
        "internal_supervision": _PDAM["supervision"],
        "staff_count": "1 orang petugas loket, 2 orang petugas survei, dan 3 orang tim pemasangan",
        "service_guarantee": _PDAM["guarantee"],
        "security_guarantee": _PDAM["security"],
        "performance_evaluation": _PDAM["evaluation"],
        "needs_application": True,
    },
    {
        "code": "PDM-03",
        "tenant": "PDAM",
        "queue": "H",
        "name": "Pengaduan Gangguan Air dan Koreksi Tagihan",
        "keywords": "pdam air mati air keruh pipa bocor meter rusak tagihan membengkak koreksi rekening pengaduan",
        "summary": (
            "Penerimaan pengaduan gangguan layanan air (air tidak mengalir, keruh, pipa bocor, meter rusak) dan "
            "permohonan koreksi tagihan."
        ),
        "requirements": [
            "Nomor sambungan pelanggan",
            "KTP-el pelapor",
            "Foto kondisi meter air atau lokasi gangguan (apabila ada)",
        ],
        "procedure": [
            "Pelanggan mengambil nomor antrean PDAM (huruf H) dan menyampaikan pengaduan.",
            "Petugas mencatat pengaduan dan memberikan nomor tiket pengaduan.",
            "Tim teknik memeriksa lokasi atau petugas pembaca meter melakukan pembacaan ulang.",
            "Perbaikan dilakukan, atau koreksi tagihan ditetapkan apabila terbukti terjadi kesalahan pembacaan.",
            "Pelanggan menerima pemberitahuan hasil tindak lanjut melalui WhatsApp atau telepon.",
        ],
        "duration_value": 3,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": (
            "Tidak dipungut biaya (gratis). Penggantian meter air yang rusak karena kelalaian pelanggan "
            "dikenakan biaya sesuai Peraturan Direksi."
        ),
        "product": "Tiket pengaduan, perbaikan gangguan, dan/atau koreksi rekening air",
        "complaint_channel": _PDAM["complaint"],
        "legal_basis": [
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Pemerintah Nomor 122 Tahun 2015 tentang Sistem Penyediaan Air Minum",
            "Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik",
        ],
        "facilities": "Aplikasi tiket pengaduan, kendaraan operasional tim teknik, dan peralatan perbaikan pipa.",
        "competency": (
            "Petugas hubungan langganan yang terampil menangani pengaduan; tim teknik yang memahami perbaikan "
            "jaringan distribusi dan meter air."
        ),
        "internal_supervision": _PDAM["supervision"],
        "staff_count": "1 orang petugas loket dan tim teknik siaga",
        "service_guarantee": _PDAM["guarantee"],
        "security_guarantee": _PDAM["security"],
        "performance_evaluation": _PDAM["evaluation"],
        "needs_application": True,
    },
    # ------------------------------------------------------------------ BANK
    {
        "code": "BNK-01",
        "tenant": "BANK",
        "queue": "I",
        "name": "Pembukaan Rekening Tabungan",
        "keywords": "bank buka rekening tabungan rekening baru atm kartu debit simpanan bank sukamaju jaya",
        "summary": (
            "Pembukaan rekening tabungan perorangan di Bank Sukamaju Jaya beserta kartu debit dan aktivasi "
            "mobile banking."
        ),
        "requirements": [
            "KTP-el asli",
            "NPWP (apabila ada)",
            "Nomor ponsel dan alamat email aktif",
            "Setoran awal minimal Rp50.000",
        ],
        "procedure": [
            "Nasabah mengambil nomor antrean Bank (huruf I).",
            "Petugas customer service memverifikasi identitas melalui data kependudukan.",
            "Nasabah mengisi formulir pembukaan rekening dan profil nasabah.",
            "Nasabah melakukan setoran awal di teller.",
            "Nasabah menerima buku tabungan, kartu debit, dan aktivasi mobile banking.",
        ],
        "duration_value": 20,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": (
            "Tidak ada biaya pembukaan rekening; setoran awal minimal Rp50.000 merupakan saldo milik nasabah. "
            "Biaya administrasi bulanan sesuai ketentuan produk tabungan."
        ),
        "product": "Rekening tabungan, buku tabungan, dan kartu debit",
        "complaint_channel": _BANK["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 7 Tahun 1992 tentang Perbankan sebagaimana telah beberapa kali diubah, "
                "terakhir dengan Undang-Undang Nomor 4 Tahun 2023 tentang Pengembangan dan Penguatan Sektor "
                "Keuangan"
            ),
            "Undang-Undang Nomor 24 Tahun 2004 tentang Lembaga Penjamin Simpanan",
            (
                "Peraturan Otoritas Jasa Keuangan Nomor 8 Tahun 2023 tentang Penerapan Program Anti Pencucian "
                "Uang, Pencegahan Pendanaan Terorisme, dan Pencegahan Pendanaan Proliferasi Senjata Pemusnah "
                "Massal di Sektor Jasa Keuangan"
            ),
            (
                "Peraturan Otoritas Jasa Keuangan Nomor 22 Tahun 2023 tentang Pelindungan Konsumen dan "
                "Masyarakat di Sektor Jasa Keuangan"
            ),
        ],
        "facilities": (
            "Meja customer service, teller, mesin cetak kartu debit instan, pembaca KTP-el, ATM di area MPP, dan "
            "ruang tunggu."
        ),
        "competency": (
            "Customer service dan teller bank yang telah mengikuti pelatihan produk, prinsip mengenal nasabah "
            "(APU-PPT), dan pelindungan konsumen."
        ),
        "internal_supervision": _BANK["supervision"],
        "staff_count": "2 orang (1 customer service, 1 teller)",
        "service_guarantee": _BANK["guarantee"],
        "security_guarantee": _BANK["security"],
        "performance_evaluation": _BANK["evaluation"],
        "needs_application": False,
    },
    {
        "code": "BNK-02",
        "tenant": "BANK",
        "queue": "I",
        "name": "Pembayaran Pajak Daerah (PBB-P2, BPHTB) dan Retribusi Daerah",
        "keywords": "pbb pajak bumi bangunan bphtb bayar pajak daerah retribusi sppt kode billing",
        "summary": (
            "Pembayaran PBB-P2, BPHTB, dan retribusi daerah Kabupaten Sukamaju sebagai bank persepsi kas daerah."
        ),
        "requirements": [
            "SPPT PBB-P2 atau Nomor Objek Pajak (NOP) untuk PBB-P2",
            "Kode billing atau SSPD BPHTB yang telah divalidasi Bapenda untuk BPHTB",
            "Kode billing atau surat ketetapan retribusi untuk retribusi daerah",
        ],
        "procedure": [
            "Wajib pajak mengambil nomor antrean Bank (huruf I).",
            "Teller memeriksa tagihan berdasarkan NOP atau kode billing pada sistem pajak daerah.",
            "Wajib pajak membayar secara tunai atau pemindahbukuan.",
            "Wajib pajak menerima bukti pembayaran yang tervalidasi dengan Nomor Transaksi Penerimaan Daerah.",
        ],
        "duration_value": 10,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tanpa biaya administrasi; wajib pajak membayar pajak atau retribusi sesuai ketetapan.",
        "product": "Bukti pembayaran pajak daerah/retribusi yang tervalidasi",
        "complaint_channel": _BANK["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan "
                "Pemerintahan Daerah"
            ),
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Daerah Kabupaten Sukamaju Nomor 1 Tahun 2024 tentang Pajak Daerah dan Retribusi Daerah",
        ],
        "facilities": (
            "Teller terhubung sistem pajak daerah Bapenda Kabupaten Sukamaju, printer validasi, mesin EDC, dan QRIS."
        ),
        "competency": "Teller bank yang memahami transaksi penerimaan daerah dan validasi pembayaran pajak daerah.",
        "internal_supervision": _BANK["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _BANK["guarantee"],
        "security_guarantee": _BANK["security"],
        "performance_evaluation": _BANK["evaluation"],
        "needs_application": False,
    },
    # ------------------------------------------------------------------ DPMPTSP
    {
        "code": "DPM-01",
        "tenant": "DPMPTSP",
        "queue": "J",
        "name": "Pendampingan Penerbitan NIB bagi Usaha Mikro dan Kecil melalui OSS",
        "keywords": "nib nomor induk berusaha oss izin usaha umkm usaha mikro perizinan berusaha rba",
        "summary": (
            "Pendampingan pelaku usaha mikro dan kecil untuk memperoleh Nomor Induk Berusaha (NIB) melalui "
            "sistem OSS berbasis risiko, dapat langsung terbit di loket."
        ),
        "requirements": [
            "KTP-el pemilik usaha",
            "NPWP atau NIK yang telah diaktifkan sebagai NPWP",
            "Alamat email dan nomor ponsel aktif",
            "Alamat lokasi usaha dan keterangan bidang usaha (KBLI)",
        ],
        "procedure": [
            "Pelaku usaha mengambil nomor antrean Perizinan (huruf J).",
            "Petugas membantu pembuatan hak akses OSS dan penentuan KBLI yang sesuai.",
            "Pelaku usaha mengisi data usaha dan pernyataan mandiri pada OSS.",
            "NIB terbit secara elektronik dan dapat diunduh atau dicetak.",
            "Petugas menjelaskan kewajiban lanjutan, seperti sertifikat standar dan LKPM, sesuai tingkat risiko.",
        ],
        "duration_value": 30,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Nomor Induk Berusaha (NIB)",
        "complaint_channel": _DPM["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 25 Tahun 2007 tentang Penanaman Modal",
            (
                "Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang "
                "Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang"
            ),
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
            "Peraturan Presiden Nomor 97 Tahun 2014 tentang Penyelenggaraan Pelayanan Terpadu Satu Pintu",
        ],
        "facilities": "Loket perizinan, komputer pendampingan OSS, printer, Wi-Fi publik, dan brosur panduan KBLI.",
        "competency": (
            "ASN DPMPTSP yang telah mengikuti bimbingan teknis OSS berbasis risiko dan memahami klasifikasi KBLI."
        ),
        "internal_supervision": _DPM["supervision"],
        "staff_count": "2 orang",
        "service_guarantee": _DPM["guarantee"],
        "security_guarantee": _DPM["security"],
        "performance_evaluation": _DPM["evaluation"],
        "needs_application": False,
    },
    {
        "code": "DPM-02",
        "tenant": "DPMPTSP",
        "queue": "J",
        "name": "Persetujuan Bangunan Gedung (PBG)",
        "keywords": "pbg imb izin mendirikan bangunan persetujuan bangunan gedung simbg bangun rumah",
        "summary": (
            "Penerbitan Persetujuan Bangunan Gedung melalui SIMBG untuk membangun baru, mengubah, memperluas, "
            "atau merawat bangunan gedung."
        ),
        "requirements": [
            "KTP-el pemohon dan akun SIMBG",
            "Bukti kepemilikan tanah (sertifikat) atau perjanjian pemanfaatan tanah dengan pemilik",
            "Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR) atau informasi tata ruang",
            "Dokumen rencana teknis: gambar arsitektur, struktur, serta mekanikal, elektrikal, dan perpipaan (MEP)",
            "Data penyedia jasa perencana konstruksi (untuk bangunan selain rumah tinggal sederhana)",
        ],
        "procedure": [
            "Pemohon mengambil nomor antrean Perizinan (huruf J) untuk pendampingan pengajuan melalui SIMBG.",
            "Petugas memeriksa kelengkapan dokumen pada SIMBG.",
            (
                "Tim Profesi Ahli (TPA) atau Tim Penilai Teknis (TPT) melaksanakan konsultasi dan penilaian "
                "dokumen teknis."
            ),
            "Dinas teknis menerbitkan Pernyataan Pemenuhan Standar Teknis dan menghitung besaran retribusi PBG.",
            "Pemohon membayar retribusi melalui kode billing.",
            "PBG diterbitkan secara elektronik dan dapat diunduh melalui SIMBG.",
        ],
        "duration_value": 14,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": (
            "Layanan administrasi tidak dipungut biaya. Retribusi PBG dihitung berdasarkan luas, indeks "
            "terintegrasi, dan harga satuan bangunan gedung sesuai Perda Kabupaten Sukamaju Nomor 1 Tahun 2024, "
            "dibayar melalui kode billing bank."
        ),
        "product": "Persetujuan Bangunan Gedung (PBG)",
        "complaint_channel": _DPM["complaint"],
        "legal_basis": [
            (
                "Undang-Undang Nomor 28 Tahun 2002 tentang Bangunan Gedung sebagaimana telah diubah dengan "
                "Undang-Undang Nomor 6 Tahun 2023"
            ),
            (
                "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan "
                "Pemerintahan Daerah"
            ),
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 16 Tahun 2021 tentang Peraturan Pelaksanaan Undang-Undang Nomor 28 "
                "Tahun 2002 tentang Bangunan Gedung"
            ),
            "Peraturan Daerah Kabupaten Sukamaju Nomor 1 Tahun 2024 tentang Pajak Daerah dan Retribusi Daerah",
        ],
        "facilities": (
            "Loket perizinan, komputer pendampingan SIMBG, ruang konsultasi TPA/TPT, dan layar untuk menampilkan "
            "gambar teknis."
        ),
        "competency": (
            "ASN DPMPTSP yang memahami SIMBG; Tim Profesi Ahli dan Tim Penilai Teknis bersertifikat keahlian di "
            "bidang arsitektur, struktur, dan MEP."
        ),
        "internal_supervision": _DPM["supervision"],
        "staff_count": "2 orang petugas loket serta Tim Profesi Ahli/Tim Penilai Teknis",
        "service_guarantee": _DPM["guarantee"],
        "security_guarantee": _DPM["security"],
        "performance_evaluation": _DPM["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DPM-03",
        "tenant": "DPMPTSP",
        "queue": "J",
        "name": "Surat Izin Praktik (SIP) Tenaga Medis dan Tenaga Kesehatan",
        "keywords": "sip surat izin praktik dokter bidan perawat apoteker tenaga kesehatan nakes izin praktik",
        "summary": (
            "Penerbitan Surat Izin Praktik bagi dokter, dokter gigi, bidan, perawat, apoteker, dan tenaga "
            "kesehatan lain yang berpraktik di Kabupaten Sukamaju."
        ),
        "requirements": [
            "KTP-el",
            "Surat Tanda Registrasi (STR) yang masih berlaku",
            (
                "Surat keterangan dari pimpinan fasilitas pelayanan kesehatan tempat praktik, atau bukti lokasi "
                "bagi praktik mandiri"
            ),
            "Pas foto berwarna ukuran 4x6 latar belakang merah",
            "Surat pernyataan jumlah tempat praktik",
        ],
        "procedure": [
            "Pemohon mengajukan permohonan secara daring atau mengambil nomor antrean Perizinan (huruf J).",
            "Petugas memverifikasi dokumen dan keabsahan STR.",
            "Dinas Kesehatan memberikan pertimbangan teknis, termasuk verifikasi tempat praktik bila diperlukan.",
            "SIP diterbitkan dan ditandatangani secara elektronik oleh Kepala DPMPTSP.",
            "Pemohon menerima SIP melalui email atau mengambil cetakannya di loket MPP.",
        ],
        "duration_value": 5,
        "duration_unit": "working_days",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Surat Izin Praktik (SIP)",
        "complaint_channel": _DPM["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
            _UU_PELAYANAN_PUBLIK,
            (
                "Peraturan Pemerintah Nomor 28 Tahun 2024 tentang Peraturan Pelaksanaan Undang-Undang Nomor 17 "
                "Tahun 2023 tentang Kesehatan"
            ),
            "Peraturan Presiden Nomor 97 Tahun 2014 tentang Penyelenggaraan Pelayanan Terpadu Satu Pintu",
        ],
        "facilities": (
            "Loket perizinan, komputer aplikasi perizinan daerah, sertifikat elektronik pejabat penandatangan, "
            "dan printer."
        ),
        "competency": (
            "ASN DPMPTSP yang memahami persyaratan izin praktik menurut UU Kesehatan; tim teknis Dinas Kesehatan "
            "yang memahami standar fasilitas pelayanan kesehatan."
        ),
        "internal_supervision": _DPM["supervision"],
        "staff_count": "1 orang petugas loket dan 2 orang tim teknis Dinas Kesehatan",
        "service_guarantee": _DPM["guarantee"],
        "security_guarantee": _DPM["security"],
        "performance_evaluation": _DPM["evaluation"],
        "needs_application": True,
    },
    {
        "code": "DPM-04",
        "tenant": "DPMPTSP",
        "queue": "J",
        "name": "Pendampingan Laporan Kegiatan Penanaman Modal (LKPM)",
        "keywords": "lkpm laporan kegiatan penanaman modal investasi oss laporan triwulan realisasi investasi",
        "summary": (
            "Pendampingan pelaku usaha dalam menyusun dan menyampaikan LKPM triwulanan atau semesteran melalui OSS."
        ),
        "requirements": [
            "Hak akses OSS dan NIB",
            "Data realisasi investasi dan penggunaan tenaga kerja pada periode laporan",
        ],
        "procedure": [
            "Pelaku usaha mengambil nomor antrean Perizinan (huruf J).",
            "Petugas memandu pelaku usaha masuk ke OSS dan memilih periode laporan.",
            "Pelaku usaha mengisi realisasi investasi, tenaga kerja, dan permasalahan yang dihadapi.",
            "LKPM dikirim dan pelaku usaha menerima bukti penyampaian laporan melalui OSS.",
        ],
        "duration_value": 20,
        "duration_unit": "minutes",
        "fee": 0,
        "fee_note": "Tidak dipungut biaya (gratis).",
        "product": "Bukti penyampaian LKPM",
        "complaint_channel": _DPM["complaint"],
        "legal_basis": [
            "Undang-Undang Nomor 25 Tahun 2007 tentang Penanaman Modal",
            _UU_PELAYANAN_PUBLIK,
            "Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
            (
                "Peraturan Badan Koordinasi Penanaman Modal Nomor 5 Tahun 2021 tentang Pedoman dan Tata Cara "
                "Pengawasan Perizinan Berusaha Berbasis Risiko"
            ),
        ],
        "facilities": "Komputer pendampingan OSS, Wi-Fi publik, dan panduan pengisian LKPM.",
        "competency": "ASN DPMPTSP yang memahami pengawasan penanaman modal dan pengisian LKPM pada OSS.",
        "internal_supervision": _DPM["supervision"],
        "staff_count": "1 orang",
        "service_guarantee": _DPM["guarantee"],
        "security_guarantee": _DPM["security"],
        "performance_evaluation": _DPM["evaluation"],
        "needs_application": False,
    },
]

# ---------------------------------------------------------------------------
# Demo staff accounts (passwords are generated by the loader, not here)
# ---------------------------------------------------------------------------

STAFF = [
    {"username": "operator.dukcapil", "full_name": "Siti Rahmawati", "role": "operator", "tenant": "DUKCAPIL"},
    {"username": "operator.polres", "full_name": "Andi Saputra", "role": "operator", "tenant": "POLRES"},
    {"username": "operator.imigrasi", "full_name": "Dewi Lestari", "role": "operator", "tenant": "IMIGRASI"},
    {"username": "supervisor", "full_name": "Hendra Gunawan", "role": "supervisor", "tenant": None},
]
