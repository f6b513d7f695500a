import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ec2Signature } from '../../../../src/identity/credentials/ec2-signer.js';

// V4: the Authorization header botocore's SigV4Auth made for this request; V1: HMAC-SHA1 of the
// sorted names and values, as keystoneclient's Ec2Signer computes it.
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const V4_EXPECTED = 'a8155d7a2a032bc249d687177890eec621494e5055c846e885815ee02ee92ac1';
const V1_EXPECTED = 'ahRtMouYPr0CrnBm1nngztOeG80=';

test('Signature V4 from the Authorization header (a GET, query in the canonical request)', () => {
  const headers = {
    Host: 'ec2.example:8788',
    'X-Amz-Date': '20261121T151146Z',
    Authorization:
      'AWS4-HMAC-SHA256 Credential=AKID/20261121/RegionOne/ec2/aws4_request, ' +
      'SignedHeaders=host;x-amz-date, Signature=' +
      V4_EXPECTED,
  };
  const signature = ec2Signature(SECRET, {
    params: { Action: 'DescribeRegions', Version: '2013-10-15' },
    verb: 'GET',
    host: 'ec2.example:8788',
    path: '/',
    headers,
    body_hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  });
  assert.equal(signature, V4_EXPECTED);
});

test('a request date outside the credential scope is refused', () => {
  assert.throws(
    () =>
      ec2Signature(SECRET, {
        params: {
          'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
          'X-Amz-Credential': 'AKID/20261120/r/ec2/aws4_request',
        },
        verb: 'GET',
        host: 'h',
        path: '/',
        headers: { 'X-Amz-Date': '20261121T150000Z' },
        body_hash: '',
      }),
    /Request date mismatch/,
  );
});

test('SignatureVersion 1 signs the parameters sorted case-insensitively', () => {
  assert.equal(
    ec2Signature(SECRET, {
      params: { b: '2', A: '1', SignatureVersion: '1' },
      verb: 'GET',
      host: 'h',
      path: '/',
      headers: {},
      body_hash: '',
    }),
    V1_EXPECTED,
  );
});
