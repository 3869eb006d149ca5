// The AWS SDK for JavaScript v3's Inspector2 client against `ecrfake serve`: the findings of an
// enhanced scan, as a GitHub Action that gates on Inspector findings reads them.
//
// Run: node inspector2.mjs http://127.0.0.1:PORT   (after `npm ci` in this folder)
// The Python test seeds three enhanced findings for js/scanned:1.0 first.
import { createHash } from "node:crypto";
import {
  CreateRepositoryCommand,
  ECRClient,
  PutImageCommand,
  PutRegistryScanningConfigurationCommand,
} from "@aws-sdk/client-ecr";
import {
  Inspector2Client,
  ListFindingsCommand,
  paginateListFindings,
} from "@aws-sdk/client-inspector2";

const endpoint = process.argv[2];
const common = {
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
  maxAttempts: 1,
};
const ecr = new ECRClient(common);
const inspector = new Inspector2Client(common);

const digest = (text) => "sha256:" + createHash("sha256").update(text).digest("hex");
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  config: {
    mediaType: "application/vnd.docker.container.image.v1+json",
    size: 100,
    digest: digest("i/config"),
  },
  layers: [
    {
      mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
      size: 1000,
      digest: digest("i/layer"),
    },
  ],
});

await ecr.send(
  new PutRegistryScanningConfigurationCommand({
    scanType: "ENHANCED",
    rules: [
      {
        scanFrequency: "CONTINUOUS_SCAN",
        repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
      },
    ],
  }),
);
await ecr.send(new CreateRepositoryCommand({ repositoryName: "js/scanned" }));
await ecr.send(
  new PutImageCommand({ repositoryName: "js/scanned", imageTag: "1.0", imageManifest: manifest }),
);

const out = { ids: [], pages: 0 };
const filterCriteria = {
  ecrImageRepositoryName: [{ comparison: "EQUALS", value: "js/scanned" }],
};
const pages = paginateListFindings({ client: inspector, pageSize: 2 }, { filterCriteria });
for await (const page of pages) {
  out.pages += 1;
  for (const finding of page.findings ?? []) {
    out.ids.push(finding.packageVulnerabilityDetails.vulnerabilityId);
    out.firstObservedAtIsDate = finding.firstObservedAt instanceof Date;
    out.severity = out.severity ?? finding.severity;
  }
}
try {
  await inspector.send(new ListFindingsCommand({ maxResults: 0 }));
  out.error = null;
} catch (error) {
  out.error = { name: error.name, httpStatusCode: error.$metadata?.httpStatusCode };
}
process.stdout.write(JSON.stringify(out) + "\n");
