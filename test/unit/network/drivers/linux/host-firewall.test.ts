import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostFirewall } from '../../../../../src/network/drivers/linux/host-firewall.js';
import { RecordingRunner } from '../../../../contract/network/recording-runner.js';

/** A runner whose iptables-save prints `saved` (both families) and whose other commands succeed. */
function runnerWith(saved: string) {
  return new RecordingRunner((argv) => ({
    exitCode: 0,
    stdout: argv[0].endsWith('-save') ? saved : '',
    stderr: '',
  }));
}

const restores = (runner: RecordingRunner) =>
  runner.commands
    .filter(({ argv }) => argv[0].endsWith('-restore'))
    .map(({ argv, input }) => `${argv.join(' ')}\n${input}`);

test('setup creates the base chains and hooks them once into FORWARD, INPUT and raw PREROUTING', async () => {
  const runner = runnerWith('');
  await new HostFirewall(runner, 'st').setup();
  const [ipv4, ipv6] = restores(runner);
  assert.equal(ipv6.replace('ip6tables-restore', 'iptables-restore'), ipv4);
  assert.equal(
    ipv4,
    [
      'iptables-restore --noflush',
      '*filter',
      ':st-FORWARD - [0:0]',
      ':st-INPUT - [0:0]',
      ':st-ports - [0:0]',
      ':st-bridges - [0:0]',
      '-A st-FORWARD -j st-ports',
      '-A st-FORWARD -j st-bridges',
      '-A st-FORWARD -i brq+ -m physdev ! --physdev-is-bridged -j DROP',
      '-I FORWARD 1 -j st-FORWARD',
      '-I INPUT 1 -j st-INPUT',
      'COMMIT',
      '*raw',
      ':st-PREROUTING - [0:0]',
      '-I PREROUTING 1 -j st-PREROUTING',
      'COMMIT',
      '',
    ].join('\n'),
  );

  const again = runnerWith(
    [
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      ':st-PREROUTING - [0:0]',
      '-A PREROUTING -j st-PREROUTING',
      '-A st-PREROUTING -i brqa -j CT --zone 1',
      'COMMIT',
      '*filter',
      ':FORWARD ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':st-FORWARD - [0:0]',
      ':st-INPUT - [0:0]',
      ':st-ports - [0:0]',
      ':st-bridges - [0:0]',
      '-A FORWARD -j st-FORWARD',
      '-A INPUT -j st-INPUT',
      '-A st-FORWARD -j st-ports',
      '-A st-FORWARD -j st-bridges',
      '-A st-FORWARD -i brq+ -m physdev ! --physdev-is-bridged -j DROP',
      '-A st-bridges -i brqa -o brqa -j ACCEPT',
      'COMMIT',
    ].join('\n'),
  );
  await new HostFirewall(again, 'st').setup();
  assert.deepEqual(restores(again), [], 'set up already: nothing to do, and the bridges keep their rules');
});

test('each bridge gets the lowest free conntrack zone and its bridged traffic accepted', async () => {
  const runner = runnerWith(
    [
      '*raw',
      ':st-PREROUTING - [0:0]',
      '-A st-PREROUTING -i brqa -j CT --zone 1',
      '-A st-PREROUTING -i brqc -j CT --zone 3',
      'COMMIT',
      '*filter',
      ':st-bridges - [0:0]',
      '-A st-bridges -i brqa -o brqa -j ACCEPT',
      '-A st-bridges -i brqc -o brqc -j ACCEPT',
      'COMMIT',
    ].join('\n'),
  );
  await new HostFirewall(runner, 'st').setBridge('brqb', true);
  assert.equal(
    restores(runner)[0],
    [
      'iptables-restore --noflush',
      '*filter',
      ':st-bridges - [0:0]',
      '-A st-bridges -i brqa -o brqa -j ACCEPT',
      '-A st-bridges -i brqb -o brqb -j ACCEPT',
      '-A st-bridges -i brqc -o brqc -j ACCEPT',
      'COMMIT',
      '*raw',
      ':st-PREROUTING - [0:0]',
      '-A st-PREROUTING -i brqa -j CT --zone 1',
      '-A st-PREROUTING -i brqb -j CT --zone 2',
      '-A st-PREROUTING -i brqc -j CT --zone 3',
      'COMMIT',
      '',
    ].join('\n'),
  );
});

test('a port gets its three chains and its dispatch rules; removing it leaves the other ports', async () => {
  const saved = [
    '*filter',
    ':st-ports - [0:0]',
    ':st-INPUT - [0:0]',
    ':st-i-tapother - [0:0]',
    ':st-o-tapother - [0:0]',
    ':st-s-tapother - [0:0]',
    '-A st-ports -m physdev --physdev-out tapother --physdev-is-bridged -j st-i-tapother',
    '-A st-ports -m physdev --physdev-in tapother --physdev-is-bridged -j st-o-tapother',
    '-A st-INPUT -m physdev --physdev-in tapother -j st-o-tapother',
    'COMMIT',
  ].join('\n');
  const adding = runnerWith(saved);
  const chains = { ingress: ['-j DROP'], egress: ['-j st-s-tapnew', '-j DROP'], spoof: ['-j DROP'] };
  await new HostFirewall(adding, 'st').setPort('tapnew', () => chains);
  const [script] = restores(adding);
  for (const line of [
    ':st-s-tapnew - [0:0]',
    ':st-i-tapnew - [0:0]',
    ':st-o-tapnew - [0:0]',
    '-A st-ports -m physdev --physdev-out tapnew --physdev-is-bridged -j st-i-tapnew',
    '-A st-ports -m physdev --physdev-out tapother --physdev-is-bridged -j st-i-tapother',
    '-A st-INPUT -m physdev --physdev-in tapnew -j st-o-tapnew',
    '-A st-o-tapnew -j st-s-tapnew',
  ])
    assert.ok(script.includes(`${line}\n`), line);

  const removing = runnerWith(saved);
  await new HostFirewall(removing, 'st').setPort('tapother', null);
  assert.equal(
    restores(removing)[0],
    [
      'iptables-restore --noflush',
      '*filter',
      ':st-ports - [0:0]',
      ':st-INPUT - [0:0]',
      '-F st-i-tapother',
      '-X st-i-tapother',
      '-F st-o-tapother',
      '-X st-o-tapother',
      '-F st-s-tapother',
      '-X st-s-tapother',
      'COMMIT',
      '',
    ].join('\n'),
  );
});

test("teardown removes this owner's chains and hooks, leaves another owner's, and drops emptied built-in chains", async () => {
  const runner = runnerWith(
    [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':st-FORWARD - [0:0]',
      ':st-INPUT - [0:0]',
      ':xx-FORWARD - [0:0]',
      '-A INPUT -j st-INPUT',
      '-A FORWARD -j xx-FORWARD',
      '-A FORWARD -j st-FORWARD',
      '-A st-FORWARD -j DROP',
      'COMMIT',
    ].join('\n'),
  );
  await new HostFirewall(runner, 'st').teardown();
  const changes = runner.changes();
  assert.equal(
    changes[0],
    [
      'iptables-restore --noflush',
      '*filter',
      '-D INPUT -j st-INPUT',
      '-D FORWARD -j st-FORWARD',
      '-F st-FORWARD',
      '-F st-INPUT',
      '-X st-FORWARD',
      '-X st-INPUT',
      'COMMIT',
      '',
    ].join('\n'),
  );
  assert.deepEqual(changes.slice(2), ['iptables -t filter -X INPUT', 'ip6tables -t filter -X INPUT']);
  assert.ok(!changes.some((change) => change.includes('xx-FORWARD')));
});

test('a transaction that another writer spoiled is planned again on the tables as they are now', async () => {
  let saves = 0;
  let failedOnce = false;
  const runner = new RecordingRunner((argv) => {
    if (argv[0] === 'iptables-save') {
      saves++;
      // The second read sees the chain another process made meanwhile.
      return { exitCode: 0, stdout: saves === 1 ? '' : '*filter\n:st-INPUT - [0:0]\nCOMMIT\n', stderr: '' };
    }
    if (argv[0] === 'iptables-restore' && !failedOnce) {
      failedOnce = true;
      return {
        exitCode: 4,
        stdout: '',
        stderr: 'RULE_INSERT failed (No such file or directory): rule in chain INPUT',
      };
    }
    return { exitCode: 0, stdout: '', stderr: '' };
  });
  await new HostFirewall(runner, 'st').setup();
  const ipv4 = restores(runner).filter((script) => script.startsWith('iptables-restore'));
  assert.equal(ipv4.length, 2);
  assert.ok(ipv4[0].includes(':st-INPUT - [0:0]\n'));
  assert.ok(!ipv4[1].includes(':st-INPUT - [0:0]\n'), 'the second plan keeps the chain that is there');
});
