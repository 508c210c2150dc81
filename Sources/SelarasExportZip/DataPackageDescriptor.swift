import SelarasExport

/// `datapackage.json`: a Frictionless (Tabular) Data Package v1 descriptor.
enum DataPackageDescriptor {
    static func json(_ tables: [WrittenTable], options: DatasetOptions) -> String {
        typealias V = JSONText.Value
        let resources: [V] = tables.map { t in
            .object([
                ("profile", .string("tabular-data-resource")),
                ("name", .string(t.schema.name)),
                ("path", .string(t.path)),
                ("title", .string(t.schema.name)),
                ("description", .string(t.schema.description)),
                ("format", .string("csv")),
                ("mediatype", .string("text/csv")),
                ("encoding", .string("utf-8")),
                ("bytes", .int(t.bytes)),
                ("hash", .string("sha256:" + t.sha256)),
                ("dialect", .object([
                    ("delimiter", .string(",")),
                    ("lineTerminator", .string("\r\n")),
                    ("quoteChar", .string("\"")),
                    ("doubleQuote", .true),
                    ("header", .true),
                ])),
                ("schema", .object([
                    ("fields", .array(t.schema.columns.map(field))),
                    ("missingValues", .array([.string("")])),
                ])),
            ])
        }
        let package: V = .object([
            ("profile", .string("tabular-data-package")),
            ("name", .string("selaras-\(options.tier.rawValue)")),
            ("title", .string("Selaras: posyandu growth checks and RTLH house surveys, Balikpapan (\(options.tier.rawValue) tier)")),
            ("description", .string(options.tier.note + " Filters: " + filterLine(options) + ".")),
            ("resources", .array(resources)),
        ])
        return package.render() + "\n"
    }

    /// One Table Schema field. Booleans are written 0/1, so they are declared with those
    /// true/false values; missing values are empty cells.
    static func field(_ c: Column) -> JSONText.Value {
        var pairs: [(String, JSONText.Value)] = [
            ("name", .string(c.name)),
            ("type", .string(c.kind.rawValue)),
            ("description", .string(c.description)),
        ]
        switch c.kind {
        case .boolean:
            pairs.append(("trueValues", .array([.string("1")])))
            pairs.append(("falseValues", .array([.string("0")])))
        case .date:
            pairs.append(("format", .string("default")))
        default: break
        }
        if let categories = c.categories {
            pairs.append(("constraints", .object([("enum", .array(categories.map { .string($0) }))])))
        }
        return .object(pairs)
    }
}
