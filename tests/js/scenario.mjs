// The AWS SDK for JavaScript v3 against `ecrfake serve`: a scenario a CI job might run.
//
// Run: node scenario.mjs http://127.0.0.1:PORT   (after `npm ci` in this folder)
// The Python test (tests/server/test_js_client.py) starts the server, seeds the findings through
// the control API, runs this script and checks the JSON it prints on standard output.
import { createHash } from "node:crypto";
import {
  CreatePullThroughCacheRuleCommand,
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageCommand,
  PutRegistryScanningConfigurationCommand,
  RepositoryNotFoundException,
  paginateDescribeImageScanFindings,
} from "@aws-sdk/client-ecr";

const endpoint = process.argv[2];
const ecr = new ECRClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
  maxAttempts: 1,
});

const digest = (text) => "sha256:" + createHash("sha256").update(text).digest("hex");
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  config: {
    mediaType: "application/vnd.docker.container.image.v1+json",
    size: 100,
    digest: digest("js/config"),
  },
  layers: [
    {
      mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
      size: 1000,
      digest: digest("js/layer"),
    },
  ],
});

const out = {};
const repo = await ecr.send(new CreateRepositoryCommand({ repositoryName: "js/app" }));
out.repositoryArn = repo.repository.repositoryArn;
out.createdAtIsDate = repo.repository.createdAt instanceof Date;

await ecr.send(
  new PutRegistryScanningConfigurationCommand({
    scanType: "BASIC",
    rules: [
      {
        scanFrequency: "SCAN_ON_PUSH",
        repositoryFilters: [{ filter: "js/*", filterType: "WILDCARD" }],
      },
    ],
  }),
);

const pushed = await ecr.send(
  new PutImageCommand({ repositoryName: "js/app", imageTag: "1.0", imageManifest: manifest }),
);
out.imageDigest = pushed.image.imageId.imageDigest;
out.manifestDigest = digest(manifest);

// Findings seeded through the control API, read with the SDK's paginator, 20 per page.
const names = [];
let pages = 0;
for await (const page of paginateDescribeImageScanFindings(
  { client: ecr, pageSize: 20 },
  { repositoryName: "js/app", imageId: { imageTag: "1.0" } },
)) {
  pages += 1;
  out.scanStatus = page.imageScanStatus.status;
  out.completedAtIsDate = page.imageScanFindings.imageScanCompletedAt instanceof Date;
  for (const finding of page.imageScanFindings.findings ?? []) names.push(finding.name);
}
out.pages = pages;
out.findingNames = names;

// One page by hand as well: the token the server gives is one the SDK sends back as is.
const first = await ecr.send(
  new DescribeImageScanFindingsCommand({
    repositoryName: "js/app",
    imageId: { imageTag: "1.0" },
    maxResults: 7,
  }),
);
out.firstPageSize = first.imageScanFindings.findings.length;
out.firstPageHasToken = typeof first.nextToken === "string";

const rule = await ecr.send(
  new CreatePullThroughCacheRuleCommand({
    ecrRepositoryPrefix: "ecr-public",
    upstreamRegistryUrl: "public.ecr.aws",
  }),
);
out.ruleUpstream = rule.upstreamRegistryUrl;
const rules = await ecr.send(new DescribePullThroughCacheRulesCommand({}));
out.rulePrefixes = rules.pullThroughCacheRules.map((r) => r.ecrRepositoryPrefix);

try {
  await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["js/missing"] }));
  out.error = null;
} catch (error) {
  out.error = {
    name: error.name,
    isRepositoryNotFound: error instanceof RepositoryNotFoundException,
    httpStatusCode: error.$metadata?.httpStatusCode,
    message: error.message,
  };
}

process.stdout.write(JSON.stringify(out) + "\n");
