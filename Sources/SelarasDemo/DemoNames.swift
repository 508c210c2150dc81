/// Indonesian given names and family names for demonstration records (none is a real person).
enum DemoNames {
    static let girls = ["Siti", "Aisyah", "Nur", "Putri", "Dewi", "Rahma", "Zahra", "Nabila", "Aulia", "Salsabila",
                        "Citra", "Intan", "Ayu", "Fitri", "Kirana", "Alya", "Anisa", "Laila", "Mega", "Wulan"]
    static let boys = ["Muhammad", "Ahmad", "Rizky", "Budi", "Fajar", "Arif", "Dimas", "Bayu", "Galih", "Hendra",
                       "Ilham", "Joko", "Rafi", "Yusuf", "Agus", "Daffa", "Farhan", "Raka", "Aditya", "Bima"]
    static let second = ["Aminah", "Pratama", "Saputra", "Lestari", "Ramadhan", "Hidayat", "Wijaya", "Kusuma", "Anggraini",
                         "Maharani", "Nugroho", "Permata", "Setiawan", "Utami", "Firmansyah", "Azzahra", "Hakim", "Rahayu"]
    static let mothers = ["Rahmawati", "Sri Wahyuni", "Nurhayati", "Siti Fatimah", "Dewi Sartika", "Yuliana", "Kartini",
                          "Suryani", "Fitriani", "Ratna Sari", "Hasanah", "Wahidah", "Indah Permatasari", "Rosmawati"]
    static let fathers = ["Budi Santoso", "Andi Wijaya", "Slamet", "Rahmat Hidayat", "Agus Salim", "Darmawan", "Hamzah",
                          "Supriyadi", "Syamsul", "Yohanes", "Ismail", "Baharuddin", "La Ode Rusli", "Muhammad Taufik"]
    static let posyandu = ["Melati 1", "Melati 2", "Melati 3", "Mawar", "Anggrek", "Kenanga", "Dahlia", "Flamboyan"]
    static let cadres = ["Bu Sulastri", "Bu Hartini", "Bu Marlina", "Bu Rukmini", "Bu Yati", "Bu Nurlela"]
}
