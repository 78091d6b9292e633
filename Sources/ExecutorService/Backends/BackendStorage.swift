import Foundation

/// What a backend's sweep freed.
public struct StorageSweepResult: Sendable, Hashable {
    /// Images deleted.
    public var removedImages: [String] = []
    /// Repository mirrors deleted, by repository URL when known, else by folder name.
    public var removedMirrors: [String] = []

    /// Creates a result.
    public init(removedImages: [String] = [], removedMirrors: [String] = []) {
        self.removedImages = removedImages
        self.removedMirrors = removedMirrors
    }
}

/// Storage a backend keeps beyond the deployments' records: images and repository mirrors.
/// The defaults keep everything, for backends that store nothing locally.
extension DeploymentBackend {
    /// Keeps everything.
    public func sweepStorage(keepingImages images: Set<String>, repositories: Set<String>, unusedFor: Duration) async -> StorageSweepResult {
        StorageSweepResult()
    }

    /// Knows of no image.
    public func diskUsage(ofImages images: Set<String>) async -> [String: Int64] {
        [:]
    }
}
