//! Uploaded files in an object store (server only): a local folder or any
//! S3-compatible service, chosen by `STORAGE_URL` (see the README's "File
//! storage").
//!
//! Objects are named by keys of our own (`FileStore::new_key`, random hex);
//! what a file is called, its type and who may see it live in the
//! database. Uploads are streamed: a file is never held in memory whole.

use bytes::Bytes;
use futures::stream::{BoxStream, Stream, StreamExt};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The size of each part of a multipart upload: S3's smallest part (all
/// but the last must be at least 5 MiB). Up to this much of an upload is
/// buffered; a smaller file is stored with one plain request.
const PART_BYTES: usize = 5 * 1024 * 1024;

/// Parts of one upload sent at the same time. With the part being filled,
/// an upload holds at most `(PARTS_IN_FLIGHT + 1) * PART_BYTES` in memory.
const PARTS_IN_FLIGHT: usize = 2;

/// The longest key accepted.
const KEY_MAX_CHARS: usize = 128;

/// Where files are kept: a local folder or an S3 bucket (and prefix).
#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    /// Inside the store, the folder every key is in (empty for a folder).
    prefix: StorePath,
    /// For logs: the folder, or `s3://bucket/prefix` and the endpoint.
    description: String,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.description)
    }
}

impl std::fmt::Display for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

/// Why a file could not be stored. After any of them no object exists at
/// the key.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PutError {
    /// More bytes came than the limit allows.
    #[error("the file is larger than allowed")]
    TooLarge,
    /// The incoming stream failed (the upload was cut off).
    #[error("the upload was interrupted: {0}")]
    Stream(String),
    /// The store refused or failed (or the key is not one of ours).
    #[error("the file could not be stored: {0}")]
    Store(String),
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GetError {
    #[error("no such file in the store")]
    NotFound,
    #[error("the file could not be read: {0}")]
    Store(String),
}

/// What `STORAGE_URL` names.
#[derive(Debug, PartialEq, Eq)]
enum Location {
    Folder(PathBuf),
    S3 { bucket: String, prefix: String },
}

fn usage(problem: &str) -> String {
    format!(
        "STORAGE_URL {problem}: leave it unset for the default folder, or give a folder \
         (a path or file:///absolute/path) or s3://BUCKET/PREFIX"
    )
}

impl Location {
    fn parse(url: Option<&str>, local_root: &Path) -> Result<Location, String> {
        let url = url.map(str::trim).unwrap_or_default();
        if url.is_empty() {
            return Ok(Location::Folder(local_root.to_owned()));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            if rest.contains(['?', '#', '@']) {
                return Err(usage(
                    "has a query, fragment or user part, which s3:// URLs do not take",
                ));
            }
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(usage("names no bucket"));
            }
            let prefix = prefix.trim_matches('/');
            if !prefix.is_empty() {
                StorePath::parse(prefix).map_err(|error| {
                    usage(&format!(
                        "has a prefix that is not a plain folder path ({error})"
                    ))
                })?;
            }
            return Ok(Location::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.to_owned(),
            });
        }
        if url.starts_with("file:") {
            if !url.starts_with("file://") {
                return Err(usage("is a file URL without an absolute path (file:///…)"));
            }
            let parsed = url::Url::parse(url)
                .map_err(|error| usage(&format!("is not a valid file URL ({error})")))?;
            let path = parsed
                .to_file_path()
                .map_err(|()| usage("is a file URL without an absolute local path"))?;
            return Ok(Location::Folder(path));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(usage(&format!("has the unsupported scheme {scheme}://")));
        }
        Ok(Location::Folder(PathBuf::from(url)))
    }
}

impl FileStore {
    /// The store `url` (the value of `STORAGE_URL`) names: unset or empty,
    /// the folder `local_root` (created if missing); a path or
    /// `file:///absolute/path`, that folder (created too); `s3://bucket/prefix`,
    /// that bucket with its settings from the environment (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` or `AWS_DEFAULT_REGION`,
    /// `AWS_ENDPOINT_URL` or `AWS_ENDPOINT` for other S3-compatible services,
    /// `AWS_ALLOW_HTTP=true` for an `http://` endpoint). Anything else is an
    /// error that names `STORAGE_URL`.
    pub fn open(url: Option<&str>, local_root: &Path) -> Result<Self, String> {
        match Location::parse(url, local_root)? {
            Location::Folder(folder) => Self::folder(&folder),
            Location::S3 { bucket, prefix } => {
                Self::s3(AmazonS3Builder::from_env(), &bucket, &prefix)
            }
        }
    }

    fn folder(folder: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("STORAGE_URL: cannot create {}: {error}", folder.display()))?;
        let store = LocalFileSystem::new_with_prefix(folder)
            .map_err(|error| format!("STORAGE_URL: cannot use {}: {error}", folder.display()))?;
        let root = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
        Ok(FileStore {
            store: Arc::new(store),
            prefix: StorePath::default(),
            description: format!("folder {}", root.display()),
        })
    }

    /// A bucket of an S3-compatible service, with the other settings from
    /// `builder`.
    fn s3(builder: AmazonS3Builder, bucket: &str, prefix: &str) -> Result<Self, String> {
        let builder = builder.with_bucket_name(bucket);
        let endpoint = builder.get_config_value(&AmazonS3ConfigKey::Endpoint);
        let store = builder
            .build()
            .map_err(|error| format!("STORAGE_URL: cannot use s3://{bucket}: {error}"))?;
        let prefix_path = StorePath::parse(prefix).map_err(|error| {
            usage(&format!(
                "has a prefix that is not a plain folder path ({error})"
            ))
        })?;
        let mut description = format!("s3://{bucket}/{prefix}");
        if let Some(endpoint) = endpoint {
            description.push_str(&format!(" at {endpoint}"));
        }
        Ok(FileStore {
            store: Arc::new(store),
            prefix: prefix_path,
            description,
        })
    }

    /// Where the files are, for logs (no credentials).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// A fresh random key: 32 lower-case hex digits.
    pub fn new_key() -> String {
        uuid::Uuid::new_v4().simple().to_string()
    }

    /// The object of `key`, which must be ours: `[0-9a-z_-]` only.
    fn location(&self, key: &str) -> Result<StorePath, String> {
        let valid = !key.is_empty()
            && key.len() <= KEY_MAX_CHARS
            && key
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'_' || b == b'-');
        if !valid {
            return Err(format!("{key:?} is not a file key"));
        }
        Ok(self.prefix.clone().join(key))
    }

    /// Streams `chunks` into the object `key` and returns its size. At most
    /// about three parts of 5 MiB are held in memory (larger files go up
    /// as a multipart upload). More than `limit` bytes, a failing stream or
    /// a failing store abort the upload: no object is left at `key`. The
    /// upload is aborted too when this future is dropped part-way (a
    /// request cut off).
    pub async fn put_limited<S, E>(&self, key: &str, chunks: S, limit: u64) -> Result<u64, PutError>
    where
        S: Stream<Item = Result<Bytes, E>>,
        E: std::fmt::Display,
    {
        let location = self.location(key).map_err(PutError::Store)?;
        let mut chunks = std::pin::pin!(chunks);
        let mut size: u64 = 0;
        // Until a part is full, the chunks wait here.
        let mut buffered: Vec<Bytes> = Vec::new();
        let mut buffered_bytes = 0;
        let mut upload = Upload(None);
        let failure = loop {
            let chunk = match chunks.next().await {
                None => break None,
                Some(Err(error)) => break Some(PutError::Stream(error.to_string())),
                Some(Ok(chunk)) => chunk,
            };
            size = size.saturating_add(chunk.len() as u64);
            if size > limit {
                break Some(PutError::TooLarge);
            }
            if chunk.is_empty() {
                continue;
            }
            if let Some(writer) = upload.0.as_mut() {
                if let Err(error) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                    break Some(PutError::Store(error.to_string()));
                }
                writer.put(chunk);
                continue;
            }
            buffered_bytes += chunk.len();
            buffered.push(chunk);
            if buffered_bytes >= PART_BYTES {
                match self.store.put_multipart(&location).await {
                    Ok(multipart) => {
                        let mut writer = WriteMultipart::new_with_chunk_size(multipart, PART_BYTES);
                        for chunk in buffered.drain(..) {
                            writer.put(chunk);
                        }
                        buffered_bytes = 0;
                        upload.0 = Some(writer);
                    }
                    Err(error) => break Some(PutError::Store(error.to_string())),
                }
            }
        };
        if let Some(failure) = failure {
            if let Some(writer) = upload.0.take() {
                if let Err(error) = writer.abort().await {
                    tracing::warn!(store = %self.description, key, %error, "aborting an upload failed");
                }
            }
            return Err(failure);
        }
        match upload.0.take() {
            // `finish` aborts the upload itself when it fails.
            Some(writer) => writer.finish().await.map(drop),
            None => {
                let payload: PutPayload = buffered.into_iter().collect();
                self.store.put(&location, payload).await.map(drop)
            }
        }
        .map_err(|error| PutError::Store(error.to_string()))?;
        Ok(size)
    }

    /// The object `key` as a stream of chunks, with its size: a download's
    /// body.
    pub async fn get(
        &self,
        key: &str,
    ) -> Result<(u64, BoxStream<'static, Result<Bytes, std::io::Error>>), GetError> {
        let location = self.location(key).map_err(GetError::Store)?;
        match self.store.get(&location).await {
            Ok(result) => {
                let size = result.meta.size;
                let body = result
                    .into_stream()
                    .map(|chunk| chunk.map_err(std::io::Error::from))
                    .boxed();
                Ok((size, body))
            }
            Err(object_store::Error::NotFound { .. }) => Err(GetError::NotFound),
            Err(error) => Err(GetError::Store(error.to_string())),
        }
    }

    /// Removes the object `key`; one that is not there is no error.
    pub async fn delete(&self, key: &str) -> Result<(), String> {
        let location = self.location(key)?;
        match self.store.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.to_string()),
        }
    }

    /// Whether the object `key` exists.
    pub async fn exists(&self, key: &str) -> Result<bool, String> {
        let location = self.location(key)?;
        match self.store.head(&location).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(error.to_string()),
        }
    }
}

/// A multipart upload in progress, aborted in the background if it is
/// dropped before it was finished or aborted (the request's future was
/// dropped), so that no parts are left behind.
struct Upload(Option<WriteMultipart>);

impl Drop for Upload {
    fn drop(&mut self) {
        if let Some(writer) = self.0.take() {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    if let Err(error) = writer.abort().await {
                        tracing::warn!(%error, "aborting a dropped upload failed");
                    }
                });
            }
        }
    }
}

/// Stores for tests: a fresh folder, and a fresh bucket on the S3 server at
/// `TEST_S3_URL` (`scripts/s3.sh` starts one; `make test` sets the
/// variable).
#[cfg(any(test, feature = "test-support"))]
pub mod testing {
    use super::*;
    use std::future::Future;

    /// Where `scripts/s3.sh` starts its server.
    pub const DEFAULT_TEST_S3_URL: &str = "http://127.0.0.1:9100";

    /// A store for one test, whose folder (if it is one) is removed when
    /// it is dropped. A test bucket is left to the server (moto keeps it
    /// in memory).
    pub struct TestStore {
        pub store: FileStore,
        folder: Option<PathBuf>,
    }

    impl Drop for TestStore {
        fn drop(&mut self) {
            if let Some(folder) = &self.folder {
                let _ = std::fs::remove_dir_all(folder);
            }
        }
    }

    fn in_ci() -> bool {
        std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
    }

    impl TestStore {
        /// A fresh, empty folder under the system's temporary folder.
        pub fn folder() -> TestStore {
            let folder = std::env::temp_dir()
                .join("mentorhub-tests")
                .join(format!("files-{}", FileStore::new_key()));
            let store = FileStore::open(None, &folder).expect("open a fresh test folder");
            TestStore {
                store,
                folder: Some(folder),
            }
        }

        /// The folder a folder store keeps its files in.
        pub fn folder_path(&self) -> Option<&Path> {
            self.folder.as_deref()
        }

        /// A fresh bucket on the S3 server at `TEST_S3_URL`. Without that
        /// variable: `None` and a note, or a panic under CI. A set variable
        /// that nothing answers at is a panic.
        pub async fn s3() -> Option<TestStore> {
            let Ok(url) = std::env::var("TEST_S3_URL") else {
                if in_ci() {
                    panic!(
                        "CI is set but TEST_S3_URL is not: run `bash scripts/s3.sh` and set \
                         TEST_S3_URL={DEFAULT_TEST_S3_URL} (make test does both)"
                    );
                }
                eprintln!(
                    "SKIPPING the S3 half of this test: TEST_S3_URL is not set. Run \
                     `bash scripts/s3.sh` and set TEST_S3_URL={DEFAULT_TEST_S3_URL} \
                     (make test does both)."
                );
                return None;
            };
            let bucket = format!("mentorhub-test-{}", FileStore::new_key());
            create_bucket(&url, &bucket).await.unwrap_or_else(|error| {
                panic!(
                    "cannot create a test bucket at TEST_S3_URL={url}: {error}. Is the S3 \
                     server up (`bash scripts/s3.sh`)?"
                )
            });
            let builder = AmazonS3Builder::new()
                .with_endpoint(url.trim_end_matches('/'))
                .with_allow_http(true)
                .with_access_key_id("test")
                .with_secret_access_key("test")
                .with_region("us-east-1");
            let store = FileStore::s3(builder, &bucket, "uploads").expect("open the test bucket");
            Some(TestStore {
                store,
                folder: None,
            })
        }
    }

    /// Runs `test` on a fresh folder store, then on a fresh S3 bucket
    /// (skipped without `TEST_S3_URL` outside CI, see `TestStore::s3`).
    pub async fn on_both_stores<F, Fut>(test: F)
    where
        F: Fn(FileStore) -> Fut,
        Fut: Future<Output = ()>,
    {
        let folder = TestStore::folder();
        test(folder.store.clone()).await;
        if let Some(s3) = TestStore::s3().await {
            test(s3.store.clone()).await;
        }
    }

    /// `PUT /<bucket>` without a signature, which moto accepts: one plain
    /// HTTP/1.1 request, so that no HTTP client is needed for it.
    async fn create_bucket(url: &str, bucket: &str) -> Result<(), String> {
        let parsed = url::Url::parse(url).map_err(|error| error.to_string())?;
        if parsed.scheme() != "http" {
            return Err("only an http:// test server is supported".to_owned());
        }
        let host = parsed.host_str().ok_or("no host")?.to_owned();
        let port = parsed.port_or_known_default().ok_or("no port")?;
        let base = parsed.path().trim_end_matches('/').to_owned();
        let request = format!(
            "PUT {base}/{bucket} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        );
        tokio::task::spawn_blocking(move || {
            use std::io::{Read, Write};
            let mut stream = std::net::TcpStream::connect((host.as_str(), port))
                .map_err(|error| error.to_string())?;
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .map_err(|error| error.to_string())?;
            stream
                .write_all(request.as_bytes())
                .map_err(|error| error.to_string())?;
            let mut response = Vec::new();
            stream
                .read_to_end(&mut response)
                .map_err(|error| error.to_string())?;
            let response = String::from_utf8_lossy(&response);
            let status = response.lines().next().unwrap_or_default();
            if status.starts_with("HTTP/1.1 200") || status.starts_with("HTTP/1.0 200") {
                Ok(())
            } else {
                Err(format!("the server answered {status:?}"))
            }
        })
        .await
        .map_err(|error| error.to_string())?
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{on_both_stores, TestStore};
    use super::*;
    use futures::stream;

    /// `len` bytes that differ from one offset to the next (a part put in
    /// the wrong place would show).
    fn payload(len: usize) -> Vec<u8> {
        let mut state: u32 = 0x9E37_79B9;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect()
    }

    /// `bytes` as a stream of chunks of the given sizes, cycled.
    fn chunked(
        bytes: &[u8],
        sizes: &[usize],
    ) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        let mut chunks = Vec::new();
        let mut at = 0;
        for size in sizes.iter().cycle() {
            if at >= bytes.len() {
                break;
            }
            let end = (at + size).min(bytes.len());
            chunks.push(Ok(Bytes::copy_from_slice(&bytes[at..end])));
            at = end;
        }
        stream::iter(chunks)
    }

    async fn read_all(store: &FileStore, key: &str) -> (u64, Vec<u8>) {
        let (size, mut body) = store.get(key).await.expect("get");
        let mut bytes = Vec::new();
        while let Some(chunk) = body.next().await {
            bytes.extend_from_slice(&chunk.expect("a chunk of the body"));
        }
        (size, bytes)
    }

    const MIB: usize = 1024 * 1024;

    #[tokio::test(flavor = "multi_thread")]
    async fn files_come_back_as_they_were_stored() {
        on_both_stores(|store| async move {
            // Larger than two parts, in chunks that do not line up with them.
            let big = payload(12 * MIB + 123);
            let key = FileStore::new_key();
            let size = store
                .put_limited(
                    &key,
                    chunked(&big, &[MIB - 7, 3 * MIB + 1, 17]),
                    big.len() as u64,
                )
                .await
                .expect("put a multipart file");
            assert_eq!(size, big.len() as u64);
            assert!(store.exists(&key).await.unwrap());
            let (got_size, got) = read_all(&store, &key).await;
            assert_eq!(got_size, big.len() as u64);
            assert!(got == big, "the stored bytes differ from the uploaded ones");

            // Exactly one part, then a small file in one request.
            for len in [PART_BYTES, 10] {
                let bytes = payload(len);
                let key = FileStore::new_key();
                let size = store
                    .put_limited(&key, chunked(&bytes, &[4096]), 25 * MIB as u64)
                    .await
                    .unwrap();
                assert_eq!(size, len as u64);
                let (got_size, got) = read_all(&store, &key).await;
                assert_eq!((got_size, got.len()), (len as u64, len));
                assert!(got == bytes);
            }

            // An empty stream stores an empty file.
            let key = FileStore::new_key();
            let empty = stream::iter(Vec::<Result<Bytes, std::io::Error>>::new());
            assert_eq!(store.put_limited(&key, empty, 10).await, Ok(0));
            assert_eq!(read_all(&store, &key).await, (0, Vec::new()));
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn too_large_files_leave_nothing_behind() {
        on_both_stores(|store| async move {
            // Past the limit after a multipart upload began, and before.
            for (len, limit) in [(7 * MIB, 6 * MIB as u64), (100, 99)] {
                let bytes = payload(len);
                let key = FileStore::new_key();
                let result = store
                    .put_limited(&key, chunked(&bytes, &[MIB / 2]), limit)
                    .await;
                assert_eq!(
                    result,
                    Err(PutError::TooLarge),
                    "{len} bytes, limit {limit}"
                );
                assert!(
                    !store.exists(&key).await.unwrap(),
                    "{len} bytes left an object"
                );
                assert_eq!(store.get(&key).await.err(), Some(GetError::NotFound));
            }
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn interrupted_uploads_leave_nothing_behind() {
        on_both_stores(|store| async move {
            for good_bytes in [6 * MIB, 1000] {
                let bytes = payload(good_bytes);
                let mut chunks: Vec<Result<Bytes, String>> = bytes
                    .chunks(MIB)
                    .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
                    .collect();
                chunks.push(Err("connection reset by peer".to_owned()));
                chunks.push(Ok(Bytes::from_static(b"never read")));
                let key = FileStore::new_key();
                let result = store
                    .put_limited(&key, stream::iter(chunks), 25 * MIB as u64)
                    .await;
                assert_eq!(
                    result,
                    Err(PutError::Stream("connection reset by peer".to_owned()))
                );
                assert!(
                    !store.exists(&key).await.unwrap(),
                    "{good_bytes} bytes left an object"
                );
            }
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn failed_uploads_leave_no_partial_files_in_a_folder() {
        let test = TestStore::folder();
        let store = &test.store;
        let bytes = payload(7 * MIB);
        let key = FileStore::new_key();
        let result = store
            .put_limited(&key, chunked(&bytes, &[MIB]), 6 * MIB as u64)
            .await;
        assert_eq!(result, Err(PutError::TooLarge));
        // A dropped upload is aborted in the background.
        let key = FileStore::new_key();
        {
            let never_ends = chunked(&bytes, &[MIB]).chain(stream::pending());
            let put = store.put_limited(&key, never_ends, 25 * MIB as u64);
            let cut_off = tokio::time::timeout(std::time::Duration::from_millis(500), put).await;
            assert!(cut_off.is_err(), "the upload should still be waiting");
        }
        let folder = test.folder_path().unwrap();
        for _ in 0..50 {
            if std::fs::read_dir(folder).unwrap().next().is_none() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let left: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "files left in the folder: {left:?}");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn deleting_removes_and_is_idempotent() {
        on_both_stores(|store| async move {
            let key = FileStore::new_key();
            store
                .put_limited(&key, chunked(b"some notes", &[4]), 100)
                .await
                .unwrap();
            assert!(store.exists(&key).await.unwrap());
            store.delete(&key).await.unwrap();
            assert!(!store.exists(&key).await.unwrap());
            assert_eq!(store.get(&key).await.err(), Some(GetError::NotFound));
            store.delete(&key).await.expect("deleting again is fine");
            store
                .delete(&FileStore::new_key())
                .await
                .expect("deleting what never was is fine");
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn missing_files_are_not_found() {
        on_both_stores(|store| async move {
            let key = FileStore::new_key();
            assert_eq!(store.get(&key).await.err(), Some(GetError::NotFound));
            assert!(!store.exists(&key).await.unwrap());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn keys_that_are_not_ours_are_refused() {
        on_both_stores(|store| async move {
            let long = "a".repeat(KEY_MAX_CHARS + 1);
            for key in [
                "",
                "..",
                "../secret",
                "a/b",
                "a\\b",
                "Upper",
                "a.pdf",
                "a b",
                "é",
                "%2e%2e",
                long.as_str(),
            ] {
                let put = store.put_limited(key, chunked(b"x", &[1]), 10).await;
                assert!(matches!(put, Err(PutError::Store(_))), "{key:?}: {put:?}");
                assert!(
                    matches!(store.get(key).await, Err(GetError::Store(_))),
                    "{key:?}"
                );
                assert!(store.delete(key).await.is_err(), "{key:?}");
                assert!(store.exists(key).await.is_err(), "{key:?}");
            }
            for key in ["abc", "0-9_z", &"a".repeat(KEY_MAX_CHARS)] {
                assert!(store.exists(key).await.is_ok(), "{key:?}");
            }
        })
        .await;
    }

    #[test]
    fn new_keys_are_random_hex() {
        let (a, b) = (FileStore::new_key(), FileStore::new_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn storage_urls_are_parsed() {
        let root = Path::new("data/uploads");
        let folder = |path: &str| Ok(Location::Folder(PathBuf::from(path)));
        let s3 = |bucket: &str, prefix: &str| {
            Ok(Location::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.to_owned(),
            })
        };
        assert_eq!(Location::parse(None, root), folder("data/uploads"));
        assert_eq!(Location::parse(Some(""), root), folder("data/uploads"));
        assert_eq!(Location::parse(Some("  "), root), folder("data/uploads"));
        assert_eq!(Location::parse(Some("files"), root), folder("files"));
        assert_eq!(
            Location::parse(Some("/srv/files"), root),
            folder("/srv/files")
        );
        assert_eq!(
            Location::parse(Some("file:///srv/files"), root),
            folder("/srv/files")
        );
        assert_eq!(
            Location::parse(Some("file:///srv/my%20files/"), root),
            folder("/srv/my files/")
        );
        assert_eq!(Location::parse(Some("s3://bucket"), root), s3("bucket", ""));
        assert_eq!(
            Location::parse(Some("s3://bucket/"), root),
            s3("bucket", "")
        );
        assert_eq!(
            Location::parse(Some("s3://my-bucket/hub/uploads/"), root),
            s3("my-bucket", "hub/uploads")
        );
        for bad in [
            "gs://bucket",
            "https://s3.example.com/bucket",
            "s3://",
            "s3:///prefix",
            "s3://bucket/a//b",
            "s3://bucket/a/../b",
            "s3://key:secret@bucket",
            "s3://bucket?region=x",
            "file://host/srv",
            "file:relative",
        ] {
            let error = Location::parse(Some(bad), root).expect_err(bad);
            assert!(error.starts_with("STORAGE_URL"), "{bad}: {error}");
        }
    }

    #[test]
    fn open_builds_each_kind_of_store() {
        let base = std::env::temp_dir()
            .join("mentorhub-tests")
            .join(format!("open-{}", FileStore::new_key()));
        let default = base.join("default");
        let store = FileStore::open(None, &default).unwrap();
        assert!(default.is_dir(), "the default folder is created");
        assert!(store.description().starts_with("folder /"), "{store}");
        let url = format!("file://{}", base.join("by-url").display());
        FileStore::open(Some(&url), &default).unwrap();
        assert!(base.join("by-url").is_dir());
        let plain = base.join("plain").display().to_string();
        FileStore::open(Some(&plain), &default).unwrap();
        assert!(base.join("plain").is_dir());
        // Building an S3 client sends no request.
        let s3 = FileStore::open(Some("s3://some-bucket/hub"), &default).unwrap();
        assert!(s3.description().starts_with("s3://some-bucket/hub"), "{s3}");
        let error = FileStore::open(Some("ftp://x/y"), &default).unwrap_err();
        assert!(error.contains("STORAGE_URL"), "{error}");
        let _ = std::fs::remove_dir_all(&base);
    }
}
