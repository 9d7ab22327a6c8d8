"""The Python peer of `cognito-explorer sign-in`: a whole-process USER_SRP_AUTH sign-in with pycognito (boto3).

Usage: python pycognitoSignIn.py <userPoolId> <clientId> <username> <endpoint>  (password on stdin, like ours).
"""
import json
import sys

import boto3
from pycognito.aws_srp import AWSSRP

pool_id, client_id, username, endpoint = sys.argv[1:5]
password = sys.stdin.readline().rstrip("\n")
# InitiateAuth is unsigned; botocore still wants some credentials to exist.
client = boto3.client("cognito-idp", region_name=pool_id.split("_")[0], endpoint_url=endpoint,
                      aws_access_key_id="unsigned", aws_secret_access_key="unsigned")
tokens = AWSSRP(username=username, password=password, pool_id=pool_id, client_id=client_id, client=client).authenticate_user()
print(json.dumps({"idToken": tokens["AuthenticationResult"]["IdToken"]}))
