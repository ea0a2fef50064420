"""Étude de la langue: modules where students manipulate French (sort, transform, choose and
justify, short dictations of target words), with grapheme–phoneme modules for decoding."""
