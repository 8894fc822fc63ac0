<?php
// PHP's own answers for crates/engine/tests/transport_php.rs. Run by differential.sh:
//   php -n oracle.php CASES ANSWERS
// reads the generated cases (JSON lines) and writes one answer line per case: the body
// http_build_query makes of a document, and the trees parse_str and a real POST (this file
// again, under php-cgi) read back from a body, in the canonical form the test writes.
// Under php-cgi it prints that form of $_POST.

// Bodies and canonical trees longer than these are written as their hash (the test's
// KEEP_WIRE and KEEP_TREE).
const KEEP_WIRE = 500;
const KEEP_TREE = 160;
const INI = [
    'precision=14',
    'serialize_precision=-1',
    'arg_separator.output=&',
    'arg_separator.input=&',
    'max_input_vars=1000',
    'max_input_nesting_level=64',
    'post_max_size=8M',
    'display_errors=0',
    'error_reporting=-1',
];

// The test's text is Rust's String::from_utf8_lossy of PHP's bytes: each maximal invalid
// subsequence becomes one U+FFFD, as here.
function lossy(string $s): string
{
    if (preg_match('//u', $s)) {
        return $s;
    }
    $out = '';
    $n = strlen($s);
    $i = 0;
    while ($i < $n) {
        $b = ord($s[$i]);
        if ($b < 0x80) {
            $out .= $s[$i++];
            continue;
        }
        [$len, $lo, $hi] = match (true) {
            $b >= 0xC2 && $b <= 0xDF => [2, 0x80, 0xBF],
            $b === 0xE0 => [3, 0xA0, 0xBF],
            $b === 0xED => [3, 0x80, 0x9F],
            $b >= 0xE1 && $b <= 0xEF => [3, 0x80, 0xBF],
            $b === 0xF0 => [4, 0x90, 0xBF],
            $b >= 0xF1 && $b <= 0xF3 => [4, 0x80, 0xBF],
            $b === 0xF4 => [4, 0x80, 0x8F],
            default => [1, 0, 0],
        };
        $j = $i + 1;
        $ok = $len > 1;
        for ($k = 1; $ok && $k < $len; $k++, $j++) {
            $c = $j < $n ? ord($s[$j]) : -1;
            if ($k === 1 ? ($c < $lo || $c > $hi) : ($c < 0x80 || $c > 0xBF)) {
                $ok = false;
                break;
            }
        }
        if ($ok) {
            $out .= substr($s, $i, $len);
            $i += $len;
        } else {
            $out .= "\u{FFFD}";
            $i = $j;
        }
    }
    return $out;
}

function quote(string $s): string
{
    $out = '"';
    foreach (str_split(lossy($s)) as $c) {
        $o = ord($c);
        $out .= ($o >= 0x20 && $o < 0x7f && $c !== '"' && $c !== '\\') ? $c : sprintf('\\%02x', $o);
    }
    return $out . '"';
}

// `[v,…]` for a non-empty list, `{k:v,…}` otherwise; integer keys bare.
function canon(mixed $v): string
{
    if (!is_array($v)) {
        return quote((string) $v);
    }
    $list = $v !== [] && array_is_list($v);
    $parts = [];
    foreach ($v as $k => $x) {
        $parts[] = $list ? canon($x) : (is_int($k) ? (string) $k : quote($k)) . ':' . canon($x);
    }
    return ($list ? '[' : '{') . implode(',', $parts) . ($list ? ']' : '}');
}

function kept(string $text, int $keep): string
{
    return strlen($text) > $keep ? '#' . hash('fnv1a64', $text) : $text;
}

if (PHP_SAPI === 'cgi-fcgi') {
    // The startup warnings went to this request's own log. ext/filter registers every POST
    // variable a second time (its raw copy), so each nesting warning is logged twice.
    $log = (string) @file_get_contents((string) ini_get('error_log'));
    $deep = substr_count($log, 'Input variable nesting level exceeded');
    if (extension_loaded('filter')) {
        $deep = intdiv($deep, 2);
    }
    echo json_encode([
        'tree' => kept(canon($_POST), KEEP_TREE),
        'deep' => $deep,
        'over' => str_contains($log, 'Input variables exceeded'),
    ]), "\n";
    exit;
}

function parse(string $body): array
{
    $deep = 0;
    $over = false;
    set_error_handler(function (int $no, string $message) use (&$deep, &$over) {
        $deep += str_contains($message, 'nesting level exceeded') ? 1 : 0;
        $over = $over || str_contains($message, 'Input variables exceeded');
        return true;
    });
    parse_str($body, $tree);
    restore_error_handler();
    return [kept(canon($tree), KEEP_TREE), $deep, $over];
}

function post(string $cgi, string $body): array
{
    $log = tempnam(sys_get_temp_dir(), 'b24lint-post');
    $cmd = [$cgi, '-n'];
    foreach ([...INI, 'log_errors=1', "error_log=$log"] as $setting) {
        array_push($cmd, '-d', $setting);
    }
    $env = [
        'PATH' => getenv('PATH'),
        'REDIRECT_STATUS' => '1',
        'REQUEST_METHOD' => 'POST',
        'SCRIPT_FILENAME' => __FILE__,
        'CONTENT_TYPE' => 'application/x-www-form-urlencoded',
        'CONTENT_LENGTH' => (string) strlen($body),
    ];
    $p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
    if (!is_resource($p)) {
        fwrite(STDERR, "cannot run $cgi\n");
        exit(1);
    }
    fwrite($pipes[0], $body);
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    $status = proc_close($p);
    unlink($log);
    $at = strpos($out, "\r\n\r\n");
    $answer = $at === false ? null : json_decode(substr($out, $at + 4), true);
    if ($status !== 0 || !is_array($answer)) {
        fwrite(STDERR, "php-cgi failed ($status): $out $err\n");
        exit(1);
    }
    return [$answer['tree'], $answer['deep'], $answer['over']];
}

[$_, $casesPath, $answersPath] = $argv + [null, null, null];
if ($casesPath === null || $answersPath === null) {
    fwrite(STDERR, "usage: php -n oracle.php CASES ANSWERS\n");
    exit(2);
}
$cgi = getenv('PHP_CGI') ?: 'php-cgi';
$in = fopen($casesPath, 'r');
$out = fopen($answersPath, 'w');
$n = 0;
while (($line = fgets($in)) !== false) {
    $case = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    $answer = ['id' => $case['id'], 'h' => $case['h']];
    if (array_key_exists('doc', $case)) {
        $value = json_decode($case['doc'], true, 512, JSON_THROW_ON_ERROR);
        $body = http_build_query($case['under'] === null ? $value : [$case['under'] => $value]);
        $answer['wire'] = kept($body, KEEP_WIRE);
        $parse = true;
    } else {
        $body = hex2bin($case['body']);
        $parse = $case['parse_str'];
    }
    // A reading's limits only when PHP warned: [variables nested too deep, too many variables].
    $readings = [];
    if ($parse) {
        $readings['ps'] = parse($body);
    }
    if ($case['post']) {
        $readings['post'] = post($cgi, $body);
    }
    foreach ($readings as $field => [$tree, $deep, $over]) {
        $answer[$field] = $tree;
        if ($deep !== 0 || $over) {
            $answer[$field . '_limits'] = [$deep, $over];
        }
    }
    fwrite($out, json_encode($answer, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR) . "\n");
    if (++$n % 1000 === 0) {
        fwrite(STDERR, "$n cases\n");
    }
}
fclose($out);
