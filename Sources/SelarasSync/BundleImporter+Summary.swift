extension BundleImporter.Summary {
    /// Nothing done yet: where a storage that applies bundles its own way (the hub's database)
    /// starts counting.
    public static var zero: Self { Self() }
}
