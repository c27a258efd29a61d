//! Just enough DER to find a public key: a SubjectPublicKeyInfo (what `BEGIN PUBLIC KEY` holds), the
//! SubjectPublicKeyInfo inside an X.509 certificate, and the modulus and exponent of a PKCS#1
//! `RSAPublicKey`. tokenlint reads these itself, rather than through jsonwebtoken's PEM helpers,
//! because those neither say which curve an EC key is on nor how many bits an RSA key has, and they
//! answer every mistake with the same "invalid key format".

/// One DER element: its tag byte, its contents, and the whole encoding (header included).
#[derive(Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: u8,
    pub(crate) body: &'a [u8],
    pub(crate) whole: &'a [u8],
}

pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
pub(crate) const TAG_NULL: u8 = 0x05;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;
/// `[0] EXPLICIT`, the optional version field at the start of a certificate's TBSCertificate.
const TAG_CONTEXT_0: u8 = 0xa0;

/// Reads the element at the start of `input` and returns it with the bytes that follow it.
pub(crate) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), &'static str> {
    let (&tag, rest) = input.split_first().ok_or("unexpected end of data")?;
    if tag & 0x1f == 0x1f {
        return Err("multi-byte tags are not used by public keys");
    }
    let (&first, mut rest) = rest.split_first().ok_or("unexpected end of data")?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 {
            return Err("indefinite length is not DER");
        }
        if count > 4 || rest.len() < count {
            return Err("length field is too long");
        }
        let mut len = 0usize;
        for &b in &rest[..count] {
            len = (len << 8) | usize::from(b);
        }
        rest = &rest[count..];
        len
    };
    if rest.len() < len {
        return Err("element is longer than the data");
    }
    let header_len = input.len() - rest.len();
    let whole = &input[..header_len + len];
    Ok((
        Tlv {
            tag,
            body: &rest[..len],
            whole,
        },
        &rest[len..],
    ))
}

/// Reads one element that must have `tag`.
pub(crate) fn expect(input: &[u8], tag: u8) -> Result<(Tlv<'_>, &[u8]), &'static str> {
    let (tlv, rest) = read(input)?;
    if tlv.tag != tag {
        return Err(match tag {
            TAG_SEQUENCE => "expected a SEQUENCE",
            TAG_INTEGER => "expected an INTEGER",
            TAG_BIT_STRING => "expected a BIT STRING",
            TAG_OID => "expected an OBJECT IDENTIFIER",
            _ => "unexpected element",
        });
    }
    Ok((tlv, rest))
}

// Object identifiers, as their DER content bytes.
pub(crate) const OID_RSA_ENCRYPTION: &[u8] =
    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub(crate) const OID_RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
pub(crate) const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub(crate) const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
pub(crate) const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
pub(crate) const OID_SECP256K1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x0a];
pub(crate) const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
pub(crate) const OID_ED448: &[u8] = &[0x2b, 0x65, 0x71];
pub(crate) const OID_X25519: &[u8] = &[0x2b, 0x65, 0x6e];
pub(crate) const OID_X448: &[u8] = &[0x2b, 0x65, 0x6f];
pub(crate) const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];

/// The parts of a SubjectPublicKeyInfo that say what the key is.
pub(crate) struct Spki<'a> {
    pub(crate) algorithm: &'a [u8],
    /// The curve OID for EC keys; `None` when the parameters are absent, NULL or not an OID.
    pub(crate) curve: Option<&'a [u8]>,
    /// The BIT STRING's contents without its unused-bits byte.
    pub(crate) key: &'a [u8],
}

/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
pub(crate) fn parse_spki(der: &[u8]) -> Result<Spki<'_>, &'static str> {
    let (outer, _) = expect(der, TAG_SEQUENCE)?;
    let (alg_id, rest) = expect(outer.body, TAG_SEQUENCE)?;
    let (bits, _) = expect(rest, TAG_BIT_STRING)?;
    let (oid, params) = expect(alg_id.body, TAG_OID)?;
    let curve = match read(params) {
        Ok((p, _)) if p.tag == TAG_OID => Some(p.body),
        Ok((p, _)) if p.tag == TAG_NULL => None,
        _ => None,
    };
    let (&unused, key) = bits.body.split_first().ok_or("empty BIT STRING")?;
    if unused != 0 {
        return Err("public key BIT STRING has unused bits");
    }
    Ok(Spki {
        algorithm: oid.body,
        curve,
        key,
    })
}

/// The SubjectPublicKeyInfo element (whole, header included) of an X.509 certificate.
pub(crate) fn certificate_spki(der: &[u8]) -> Result<&[u8], &'static str> {
    let (cert, _) = expect(der, TAG_SEQUENCE)?;
    let (tbs, _) = expect(cert.body, TAG_SEQUENCE)?;
    let mut rest = tbs.body;
    let (first, after) = read(rest)?;
    if first.tag == TAG_CONTEXT_0 {
        rest = after;
    }
    // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo.
    let (_, r) = expect(rest, TAG_INTEGER)?;
    let (_, r) = expect(r, TAG_SEQUENCE)?;
    let (_, r) = expect(r, TAG_SEQUENCE)?;
    let (_, r) = expect(r, TAG_SEQUENCE)?;
    let (_, r) = expect(r, TAG_SEQUENCE)?;
    let (spki, _) = expect(r, TAG_SEQUENCE)?;
    Ok(spki.whole)
}

/// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, as unsigned big-endian bytes.
pub(crate) fn parse_pkcs1_public(der: &[u8]) -> Result<(&[u8], &[u8]), &'static str> {
    let (seq, _) = expect(der, TAG_SEQUENCE)?;
    let (n, rest) = expect(seq.body, TAG_INTEGER)?;
    let (e, _) = expect(rest, TAG_INTEGER)?;
    Ok((unsigned(n.body), unsigned(e.body)))
}

/// A DER INTEGER's magnitude: without the leading zero byte that keeps a positive number positive.
fn unsigned(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lengths_and_truncation() {
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7u8, 256));
        let (tlv, rest) = read(&long).unwrap();
        assert_eq!(tlv.body.len(), 256);
        assert!(rest.is_empty());
        assert!(read(&long[..100]).is_err());
        assert!(
            read(&[0x30, 0x80, 0x00, 0x00]).is_err(),
            "indefinite length is refused"
        );
        assert!(read(&[]).is_err());
    }

    #[test]
    fn pkcs1_strips_the_sign_byte() {
        // SEQUENCE { INTEGER 0x00 0x80 0x01, INTEGER 0x01 0x00 0x01 }
        let der = [
            0x30, 0x0a, 0x02, 0x03, 0x00, 0x80, 0x01, 0x02, 0x03, 0x01, 0x00, 0x01,
        ];
        let (n, e) = parse_pkcs1_public(&der).unwrap();
        assert_eq!(n, &[0x80, 0x01]);
        assert_eq!(e, &[0x01, 0x00, 0x01]);
    }
}
